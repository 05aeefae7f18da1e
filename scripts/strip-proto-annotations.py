#!/usr/bin/env python3
"""Removes the Go-only annotations from etcd's .proto files so that plain protoc can read them.

etcd's protos import gogoproto (Go code-generation options) and google/api/annotations.proto (the
grpc-gateway HTTP mapping). Neither changes the wire format or the gRPC method paths, and neither ships
with protoc, so this script drops:
  * the `import "gogoproto/gogo.proto";` and `import "google/api/annotations.proto";` lines,
  * file options `option (gogoproto.*) = ...;`,
  * field options `[(gogoproto.*) = ...]`,
  * method options `option (google.api.http) = { ... };`.
Everything else (packages, messages, field numbers, comments) is kept byte for byte.

Usage: strip-proto-annotations.py INPUT OUTPUT
"""
import re
import sys


def remove_http_options(text: str) -> str:
    opening = re.compile(r"[ \t]*option \(google\.api\.http\) = \{")
    while (match := opening.search(text)) is not None:
        depth, index = 0, match.end() - 1
        while True:
            if text[index] == "{":
                depth += 1
            elif text[index] == "}":
                depth -= 1
                if depth == 0:
                    break
            index += 1
        end = text.index("\n", index) + 1  # past the closing `};`
        text = text[: match.start()] + text[end:]
    return text


def strip(text: str) -> str:
    text = re.sub(r'^import "(gogoproto/gogo|google/api/annotations)\.proto";\n', "", text, flags=re.M)
    text = re.sub(r"^option \(gogoproto\.[a-z_]+\) = [a-z]+;\n", "", text, flags=re.M)
    # Field options: either the only option in brackets, or one of several.
    text = re.sub(r"\s*\[\(gogoproto\.[a-z_]+\)\s*=\s*[^\]]*\]", "", text)
    # Method options, with their (possibly nested) braces: `option (google.api.http) = { ... };`
    text = remove_http_options(text)
    leftover = re.findall(r"gogoproto|google\.api", text)
    if leftover:
        sys.exit(f"unstripped annotations remain: {sorted(set(leftover))}")
    return text


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as source:
        stripped = strip(source.read())
    with open(sys.argv[2], "w", encoding="utf-8") as target:
        target.write(stripped)
