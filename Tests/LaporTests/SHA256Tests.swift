import Foundation
import Lapor
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test("FIPS 180-4 examples")
    func fipsExamples() {
        #expect(SHA256.hexDigest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hexDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hexDigest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("Agrees with Python hashlib on padding boundaries (Fixtures/sha256/vectors.tsv)")
    func hashlibVectors() throws {
        let text = try String(contentsOfFile: Fixtures.path("sha256/vectors.tsv"), encoding: .utf8)
        let rows = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(rows.count == 10)
        for row in rows {
            let hex = Array(row[0])
            let bytes = stride(from: 0, to: hex.count, by: 2).map { UInt8(String(hex[$0..<$0 + 2]), radix: 16)! }
            let digest = SHA256.hash(bytes).map { String(format: "%02x", $0) }.joined()
            #expect(digest == String(row[1]), "length \(bytes.count)")
        }
    }

    @Test("Feeding in pieces gives the same digest")
    func incremental() {
        let bytes = Array("The quick brown fox jumps over the lazy dog, seventy times over.".utf8)
        var hasher = SHA256()
        hasher.update(bytes[..<10])
        hasher.update(bytes[10...])
        #expect(hasher.finalize() == SHA256.hash(bytes))
    }
}
