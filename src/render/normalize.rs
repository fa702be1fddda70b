//! Final clean-up of every rendered file, so that templates can be written for readability:
//! LF line ends, no trailing spaces, no runs of blank lines, exactly one final newline.

/// Normalizes rendered text.
pub fn text(rendered: &str) -> String {
    let mut out = String::with_capacity(rendered.len());
    let mut blank_run = 0;
    let mut fenced = false;
    for line in rendered.replace("\r\n", "\n").split('\n') {
        let line = line.trim_end();
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if line.is_empty() {
            blank_run += 1;
            // Inside a fence, blank lines are content; outside, one separates blocks.
            if out.is_empty() || (blank_run > 1 && !fenced) {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    if out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn tidies() {
        assert_eq!(super::text("\n\n# A  \r\n\n\n\ntext\n\n"), "# A\n\ntext\n");
        assert_eq!(super::text("```\na\n\n\nb\n```\n"), "```\na\n\n\nb\n```\n");
    }
}
