import EtcdCore
import Foundation
import Testing

@Suite("Key ranges follow etcd's range_end conventions")
struct KeyRangeTests {
    @Test(arguments: [
        (Data("/registry/pods/"), Data("/registry/pods0")),
        (Data("a"), Data("b")),
        (Data([0x61, 0x7f]), Data([0x61, 0x80])),
        (Data([0x61, 0xfe, 0xff]), Data([0x61, 0xff])),
    ])
    func prefixEndIncrementsTheLastByteBelow0xff(prefix: Data, end: Data) {
        #expect(KeyRange.prefixEnd(prefix) == end)
    }

    @Test func prefixEndDropsTrailing0xffBytes() {
        #expect(KeyRange.prefixEnd(Data([0x61, 0xff, 0xff])) == Data([0x62]))
        #expect(KeyRange.prefixEnd(Data([0xff, 0xff])) == Data([0]))
        #expect(KeyRange.prefixEnd(Data()) == Data([0]))
    }

    @Test func emptyRangeEndIsOneKey() {
        #expect(KeyRange(key: Data("a"), rangeEnd: Data()) == .single(Data("a")))
    }

    @Test func nulRangeEndIsEveryKeyFromKey() {
        #expect(KeyRange(key: Data("m"), rangeEnd: Data([0])) == .from(Data("m")))
        #expect(KeyRange(key: Data([0]), rangeEnd: Data([0])) == .from(Data()))
    }

    @Test func overlapsTreatsRangesAsHalfOpen() {
        let ab = KeyRange.interval(start: Data("a"), end: Data("b"))
        #expect(ab.overlaps(.single(Data("a"))))
        #expect(!ab.overlaps(.single(Data("b"))))
        #expect(ab.overlaps(.from(Data("a0"))))
        #expect(!ab.overlaps(.interval(start: Data("b"), end: Data("c"))))
    }
}
