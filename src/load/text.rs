//! What makes a file's bytes unreadable as YAML before any parsing, each located: bytes that
//! are not UTF-8, and characters YAML does not allow (a NUL, an escape, a stray C1 control).

use crate::diagnostic::{Finding, Problems};

/// `bytes` as text, or the located problem of the first byte that is not UTF-8.
pub fn utf8(bytes: Vec<u8>, file: &str) -> Result<String, Problems> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        // The text before the bad byte is valid, so its lines and characters can be counted.
        let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        let finding = Finding::new(
            file,
            format!(
                "the file is not UTF-8 text: byte 0x{:02x} (byte {} of the file) starts no UTF-8 character",
                bytes[at],
                at + 1
            ),
        )
        .at(line, column)
        .help("save the file as UTF-8 (in most editors: Save with Encoding, UTF-8)");
        Problems::new(format!("`{file}`"), vec![finding])
    })
}

/// Every line's first character that YAML does not allow, located: C0 controls other than
/// tab, line feed and carriage return, DEL, C1 controls other than NEL, and the noncharacters
/// U+FFFE and U+FFFF.
pub fn control_characters(source: &str, file: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, line) in source.split('\n').enumerate() {
        let bad = line.chars().enumerate().find(|(_, c)| !allowed(*c));
        if let Some((column, c)) = bad {
            let finding = Finding::new(
                file,
                format!(
                    "the control character U+{:04X}{} is not allowed in YAML",
                    c as u32,
                    name(c)
                ),
            )
            .at(i + 1, column + 1)
            .help("delete it; to keep it in a value, write it as an escape in double quotes, such as \"\\x00\"");
            out.push(finding);
        }
    }
    out
}

/// YAML 1.2's printable characters (c-printable), with the BOM.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

fn name(c: char) -> &'static str {
    match c {
        '\0' => " (NUL)",
        '\u{1b}' => " (ESC)",
        '\u{7f}' => " (DEL)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_that_is_not_utf8_is_located_by_line_and_character() {
        let bytes = b"name: Shop\nrequirements:\n  domain: r\xc3\xa9tail \xff\n".to_vec();
        let problems = utf8(bytes, "m.yaml").unwrap_err().to_string();
        assert!(
            problems.contains(
                "m.yaml:3:18: the file is not UTF-8 text: byte 0xff (byte 44 of the file)"
            ),
            "{problems}"
        );
    }

    #[test]
    fn each_line_with_a_control_character_is_one_finding_at_its_place() {
        let text = "name: Shop\n\n\n\n\n\n\n\n\ndomain: x\0y\nok: \u{1b}[1m and \u{7}\ntab:\tfine\r\n\u{feff}";
        let found: Vec<String> = control_characters(text, "m.yaml")
            .into_iter()
            .map(|f| format!("{}:{} {}", f.line.unwrap(), f.column.unwrap(), f.message))
            .collect();
        assert_eq!(
            found,
            [
                "10:10 the control character U+0000 (NUL) is not allowed in YAML",
                "11:5 the control character U+001B (ESC) is not allowed in YAML",
            ]
        );
    }
}
