import Testing

@testable import Lapor

@Suite("Name index")
struct NameIndexTests {
    @Test("finds every name at its position and nothing else")
    func lookups() {
        let names = (0..<500).map { "state_\($0)" } + ["baru", "diverifikasi", "selesai", "", "ünïcode-id", "a"]
        let index = NameIndex(names)
        #expect(index.count == names.count)
        for (position, name) in names.enumerated() { #expect(index[name] == position) }
        for missing in ["state_500", "Baru", "baru ", "b", "state_", "ünïcode", "aa"] { #expect(index[missing] == nil) }
    }

    @Test("keeps the first position of a name given twice")
    func duplicates() {
        let index = NameIndex([
            (name: "respon", position: 3), (name: "selesai", position: 1), (name: "respon", position: 0),
        ])
        #expect(index.count == 2)
        #expect(index["respon"] == 3)
        #expect(index["selesai"] == 1)
    }

    @Test("finds names built at run time, not only the config's own strings")
    func equalContents() {
        let index = NameIndex(["tindak_lanjut_panjang_sekali", "upah"])
        let built = ["tindak", "lanjut", "panjang", "sekali"].joined(separator: "_")
        #expect(index[built] == 0)
        #expect(index[String("upahX".dropLast())] == 1)
    }

    @Test("an empty index finds nothing")
    func empty() {
        #expect(NameIndex([String]())["x"] == nil)
    }
}
