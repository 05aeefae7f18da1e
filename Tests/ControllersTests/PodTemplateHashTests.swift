import Controllers
import Foundation
import KubeAPI
import Testing

@Suite(.serialized) struct PodTemplateHashTests {
    private let template: JSONValue = [
        "metadata": ["labels": ["app": "web"]],
        "spec": ["containers": [["name": "nginx", "image": "nginx:1.27"]]],
    ]

    @Test func sameTemplateGivesTheSameHash() {
        #expect(PodTemplateHash.compute(template, collisionCount: nil) == PodTemplateHash.compute(template, collisionCount: nil))
        var other = template
        other[["spec", "containers"]] = [["name": "nginx", "image": "nginx:1.28"]]
        #expect(PodTemplateHash.compute(other, collisionCount: nil) != PodTemplateHash.compute(template, collisionCount: nil))
    }

    @Test func hashIsUpToTenCharactersOfTheSafeAlphabet() {
        let hash = PodTemplateHash.compute(template, collisionCount: nil)
        #expect((1...10).contains(hash.count))
        #expect(hash.allSatisfy { "456789bcdf".contains($0) })
    }

    @Test func collisionCountChangesTheHash() {
        let plain = PodTemplateHash.compute(template, collisionCount: nil)
        #expect(PodTemplateHash.compute(template, collisionCount: 1) != plain)
        #expect(PodTemplateHash.compute(template, collisionCount: 1) != PodTemplateHash.compute(template, collisionCount: 2))
    }

    @Test(arguments: [("0123456789", "456789bcdf"), ("4294967295", "86f8fbc6f9")])
    func safeEncodingMapsDigitsAsApimachineryDoes(digits: String, encoded: String) {
        #expect(PodTemplateHash.safeEncode(digits) == encoded)
    }
}
