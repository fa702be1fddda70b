//! Filters that take several values: `{field: sku, any: true}` is a batch lookup, one request
//! for the items matching any of a list (`?sku=A&sku=B`), an array query parameter in
//! OpenAPI, a list argument in GraphQL and a repeated List request field in Protocol Buffers.

use crate::support::{Env, MINIMAL};

const RESOURCE: &str = "            - {name: total, type: money}\n";
const BATCH: &str = "            - {name: total, type: money}
            - {name: sku, type: string}
          operations: [list, get]
          filters: [{field: sku, any: true, required: true}]
";

fn render(style: &str) -> Env {
    crate::support::render_resource(BATCH, style)
}

#[test]
fn any_of_several_values_is_an_array_parameter_a_list_argument_and_a_repeated_field() {
    let env = render("rest");
    let api = env.read("out/api/orders.openapi.yaml");
    let param = "        - name: \"sku\"
          in: query
          required: true
          description: \"Only Orders whose `sku` is one of these values (the parameter repeated once per value, up to 100). Every list must send it.\"
          schema:
            \"type\": \"array\"
            \"items\":
              \"type\": \"string\"
            \"minItems\": 1
            \"maxItems\": 100
          example: [\"";
    assert!(api.contains(param), "{api}");
    let doc = env.read("out/api-contracts.md");
    assert!(
        doc.contains("narrowed by sku (required, any of up to 100 values in one request)."),
        "{doc}"
    );
    assert!(
        doc.contains("/v1/orders?sku="),
        "the list example sends one value: {doc}"
    );

    let sdl = render("graphql").read("out/api/orders.graphql");
    assert!(sdl.contains("    sku: [String!]!\n"), "{sdl}");

    let env = render("grpc");
    let proto = env.read("out/api/orders.proto");
    assert!(proto.contains("  repeated string sku = 3;\n"), "{proto}");
    let doc = env.read("out/api-contracts.md");
    assert!(
        doc.contains("  \"sku\": [\""),
        "the List request sends the list: {doc}"
    );
}

#[test]
fn a_filter_is_a_range_or_takes_several_values_not_both() {
    let model = MINIMAL.replace(
        RESOURCE,
        "            - {name: total, type: money}
            - {name: placed_at, type: datetime}
          filters: [{field: placed_at, range: true, any: true}]
",
    );
    let env = Env::new();
    env.write("archgen.yaml", &model);
    let run = env.run(&["render"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "resource `Order`: filter `placed_at` is a range and takes any of several values"
        ),
        "{}",
        run.stderr
    );
}
