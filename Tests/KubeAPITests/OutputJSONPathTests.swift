import Foundation
import Testing

@testable import KubeAPI

/// Expected texts are what the real kubectl 1.32 printed for `kubectl get pods -o jsonpath=...` over the
/// same two pods (which kubectl wraps in a `v1` List).
@Suite struct OutputJSONPathTests {
    static let podsJSON = #"""
        {"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[
         {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","labels":{"app":"web","tier":"fe"}},
          "spec":{"containers":[{"name":"nginx","image":"nginx:1.25"},{"name":"side","image":"busybox"}]},
          "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"},{"type":"Initialized","status":"True"}]}},
         {"apiVersion":"v1","kind":"Pod","metadata":{"name":"x","namespace":"default"},
          "spec":{"containers":[{"name":"c","image":"i"}]},
          "status":{"phase":"Pending","n":null,"f":2.5,"big":1000000.5,"i":7,"b":true}}]}
        """#

    static let pods = try! JSONValue.parse(json: Data(podsJSON.utf8))

    @Test(arguments: [
        ("{.items[*].metadata.name}", "web x"),
        (#"{range .items[*]}{.metadata.name}{"\t"}{.status.phase}{"\n"}{end}"#, "web\tRunning\nx\tPending\n"),
        ("{.items[0].metadata}", #"{"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default"}"#),
        ("{.items[*].spec.containers[*].image}", "nginx:1.25 busybox i"),
        (#"{.items[?(@.status.phase=="Running")].metadata.name}"#, "web"),
        (#"{.items[0].status.conditions[?(@.type=="Ready")].status}"#, "True"),
        ("{..image}", "nginx:1.25 busybox i"),
        (
            "{.items[1].status.n}|{.items[1].status.f}|{.items[1].status.big}|{.items[1].status.i}|{.items[1].status.b}",
            "null|2.5|1.0000005e+06|7|true"
        ),
        ("{.kind} {.metadata}", #"List {"resourceVersion":""}"#),
        ("{.items[-1:].metadata.name}", "x"),
        ("{.items[0:1:1].metadata.name}", "web"),
        ("{.items[0:2].metadata.name}", "web x"),
        ("{.items[0].spec.containers[-1].name}", "side"),
        ("{.items[*].metadata.nosuch}", ""),
        ("plain text", "plain text"),
        ("{.items[*]['metadata.name']}", "web x"),
        ("{.items[0]['metadata']['name']}", "web"),
        ("{.}", ""),
        ("{.items[0].metadata.name}{.items[0]..name}", "webweb nginx side"),
        ("{.items[*].metadata.labels.*}", "web fe"),
        ("{.items[0].metadata.name.*}", "119 101 98"),
        ("{.items[*].metadata.name}{.items[*].spec.containers[*].name}", "web xnginx side c"),
        ("{range .items[*]}[{range .spec.containers[*]}{.name},{end}]{end}", "[nginx,side,][c,]"),
        ("{.items[?(@.metadata.labels)].metadata.name}", "web"),
        (#"{.items[?(@.status.phase!="Running")].metadata.name}"#, "x"),
        ("{.items[?(@.status.i>5)].metadata.name}", "x"),
        ("{.items[?(@.metadata.name=='x')].status.phase}", "Pending"),
        (#"{"a\tb"}{'c'}"#, "a\tbc"),
        (#"{.items[0].metadata.labels.app}{"\n"}"#, "web\n"),
        ("{range .items[5:5]}{.metadata.name}{end}done", "done"),
        (
            "{$}",
            #"{"apiVersion":"v1","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"app":"web","tier":"fe"},"name":"web","namespace":"default"},"spec":{"containers":[{"image":"nginx:1.25","name":"nginx"},{"image":"busybox","name":"side"}]},"status":{"conditions":[{"status":"True","type":"Ready"},{"status":"True","type":"Initialized"}],"phase":"Running"}},{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x","namespace":"default"},"spec":{"containers":[{"image":"i","name":"c"}]},"status":{"b":true,"big":1000000.5,"f":2.5,"i":7,"n":null,"phase":"Pending"}}],"kind":"List","metadata":{"resourceVersion":""}}"#
        ),
    ])
    func printsWhatKubectlPrints(template: String, expected: String) throws {
        #expect(try JSONPathExpression(template).execute(on: Self.pods) == expected)
    }

    @Test func printsEachPieceAsAJSONArrayForJSONPathAsJSON() throws {
        let text = try JSONPathExpression("{.items[*].metadata.name}{.kind}").execute(on: Self.pods, asJSON: true)
        #expect(text == "[\n    \"web\",\n    \"x\"\n]\n[\n    \"List\"\n]\n")
    }

    @Test(arguments: [
        ("{.x, unclosed", "error parsing jsonpath {.x, unclosed, unrecognized character in action: U+002C ','"),
        (
            #"{.items[0].spec.containers[*]["name","image"]}"#,
            #"error parsing jsonpath {.items[0].spec.containers[*]["name","image"]}, invalid array index "name""#
        ),
        ("{.a", "error parsing jsonpath {.a, unclosed action"),
        ("{....}", "error parsing jsonpath {....}, invalid multiple recursive descent"),
        ("{-}", "error parsing jsonpath {-}, cannot parse number -"),
        ("{.a[1:x]}", "error parsing jsonpath {.a[1:x]}, invalid array index 1:x"),
        (#"{"abc}"#, #"error parsing jsonpath {"abc}, unterminated quoted string"#),
        ("{.a[?(@.x}", "error parsing jsonpath {.a[?(@.x}, unterminated filter"),
        ("{.a[0}", "error parsing jsonpath {.a[0}, unterminated array"),
        ("{.a\t}", "error parsing jsonpath {.a\t}, unrecognized character in action: U+0009"),
    ])
    func rejectsTemplatesWithKubectlsParseErrors(template: String, message: String) {
        #expect(throws: JSONPathError.self) { try JSONPathExpression(template) }
        do {
            _ = try JSONPathExpression(template)
        } catch {
            #expect(error.stage == .parsing)
            #expect(error.description == message)
        }
    }

    @Test(arguments: [
        ("{.items[5]}", true, "array index out of bounds: index 5, length 2"),
        ("{.items[0].spec.containers[0:5]}", true, "array index out of bounds: index 4, length 2"),
        ("{.items[0].spec.containers[0:2:0]}", true, "step must be > 0"),
        ("{end}", true, "not in range, nothing to end"),
        ("{foo}", true, "unrecognized identifier foo"),
        ("{.metadata.nosuch}", false, "nosuch is not found"),
        ("{.items[?(@.status.f>2)].metadata.name}", true, "incompatible types for comparison"),
        ("{.items[?(@.status.i==7.0)].metadata.name}", true, "incompatible types for comparison"),
        ("{.items[?(@.status.b<true)].metadata.name}", true, "invalid type for comparison"),
        (
            "{.items[*][?(@.x>1)]}", true,
            "map[apiVersion:v1 kind:Pod metadata:map[labels:map[app:web tier:fe] name:web namespace:default] spec:map[containers:[map[image:nginx:1.25 name:nginx] map[image:busybox name:side]]] status:map[conditions:[map[status:True type:Ready] map[status:True type:Initialized]] phase:Running]] is not array or slice and cannot be filtered"
        ),
        ("{.kind[0]}", true, "string is not array or slice"),
    ])
    func failsWithKubectlsExecutionErrors(template: String, allowMissingKeys: Bool, reason: String) throws {
        let path = try JSONPathExpression(template)
        do {
            _ = try path.execute(on: Self.pods, allowMissingKeys: allowMissingKeys)
            Issue.record("expected \(template) to fail")
        } catch {
            #expect(error.stage == .executing)
            #expect(error.reason == reason)
        }
    }

    @Test func describesExecutionErrorsWithTheObjectInGoSyntax() throws {
        let path = try JSONPathExpression("{.items[5]}")
        do {
            _ = try path.execute(on: Self.pods)
            Issue.record("expected an error")
        } catch {
            let object =
                #"map[string]interface {}{"apiVersion":"v1", "items":[]interface {}{map[string]interface {}{"apiVersion":"v1", "kind":"Pod", "metadata":map[string]interface {}{"labels":map[string]interface {}{"app":"web", "tier":"fe"}, "name":"web", "namespace":"default"}, "spec":map[string]interface {}{"containers":[]interface {}{map[string]interface {}{"image":"nginx:1.25", "name":"nginx"}, map[string]interface {}{"image":"busybox", "name":"side"}}}, "status":map[string]interface {}{"conditions":[]interface {}{map[string]interface {}{"status":"True", "type":"Ready"}, map[string]interface {}{"status":"True", "type":"Initialized"}}, "phase":"Running"}}, map[string]interface {}{"apiVersion":"v1", "kind":"Pod", "metadata":map[string]interface {}{"name":"x", "namespace":"default"}, "spec":map[string]interface {}{"containers":[]interface {}{map[string]interface {}{"image":"i", "name":"c"}}}, "status":map[string]interface {}{"b":true, "big":1.0000005e+06, "f":2.5, "i":7, "n":interface {}(nil), "phase":"Pending"}}}, "kind":"List", "metadata":map[string]interface {}{"resourceVersion":""}}"#
            let expected =
                "error executing jsonpath \"{.items[5]}\": Error executing template: array index out of bounds: index 5, length 2. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.items[5]}\n\tobject given to jsonpath engine was:\n\t\t"
                + object + "\n\n\n"
            #expect(error.description == expected)
        }
    }

    @Test func quotesTheTemplateAsGoDoes() throws {
        let template = #"{.items[?(@.metadata.name>"w")].x}{.items[0"#
        #expect(GoFormat.quote(template) == #""{.items[?(@.metadata.name>\"w\")].x}{.items[0""#)
        #expect(GoFormat.quote("a\tb\u{1}é\u{00A0}") == #""a\tb\x01é\u00a0""#)
    }

    @Test(arguments: [
        (1e6, "1e+06"), (2.5, "2.5"), (0.0001, "0.0001"), (0.00001, "1e-05"), (123456.0, "123456"),
        (-1.5e-7, "-1.5e-07"), (1e21, "1e+21"),
    ])
    func formatsFloatsAsGoVerbV(number: Double, text: String) {
        #expect(GoFormat.value(.double(number)) == text)
    }
}
