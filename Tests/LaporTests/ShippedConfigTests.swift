import Lapor
import LaporYAML
import Testing

@Suite("Shipped configs")
struct ShippedConfigTests {
    @Test("the repository's workspace validates with no errors and no warnings")
    func repositoryIsClean() {
        let diagnostics = Fixtures.check(Fixtures.repository.path)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
    }

    @Test("the shipped workspace holds both desks, their routing and both calendar years")
    func contents() throws {
        let loaded = WorkspaceLoader().load(path: Fixtures.repository.path)
        let workspace = loaded.workspace
        #expect(Set(workspace.workflows.map(\.metadata.name.value)) == ["pusat-bantuan", "lapor-menaker"])
        #expect(Set(workspace.routingTables.map(\.metadata.name.value)) == ["pusat-bantuan", "lapor-menaker"])
        #expect(workspace.calendarYears(named: "id-government").map(\.year.value) == [2025, 2026, 2027])
        let pusban = try #require(workspace.categoryCatalog(named: "pusat-bantuan"))
        for service in [
            "pengaduan", "informasi_lowongan_kerja", "pelatihan_kerja", "pemagangan", "perizinan_tka", "wlkp",
            "kelembagaan", "sertifikasi_kompetensi", "skkni", "akreditasi", "pp_pkb", "k3_smk3",
        ] {
            #expect(pusban.categories.contains { $0.id.value == service }, "missing service \(service)")
        }
    }

    @Test("calendars hold exactly the holidays and cuti bersama of the SKB (DOMAIN.md)")
    func calendarsMatchDecree() throws {
        let workspace = WorkspaceLoader().load(path: Fixtures.repository.path).workspace
        let years = workspace.calendarYears(named: "id-government")
        let expected: [Int: (holidays: [String], leave: [String])] = [
            2025: (
                [
                    "01-01", "01-27", "01-29", "03-29", "03-31", "04-01", "04-18", "04-20", "05-01", "05-12", "05-29",
                    "06-01", "06-06", "06-27", "08-17", "09-05", "12-25",
                ],
                ["01-28", "03-28", "04-02", "04-03", "04-04", "04-07", "05-13", "05-30", "06-09", "08-18", "12-26"]
            ),
            2026: (
                [
                    "01-01", "01-16", "02-17", "03-19", "03-21", "03-22", "04-03", "04-05", "05-01", "05-14", "05-27",
                    "05-31", "06-01", "06-16", "08-17", "08-25", "12-25",
                ],
                ["02-16", "03-18", "03-20", "03-23", "03-24", "05-15", "05-28", "12-24"]
            ),
            // Not in DOMAIN.md: the SKB 3 Menteri 2027 as the `holidays` package (0.109) encodes it.
            2027: (
                [
                    "01-01", "01-05", "02-06", "03-08", "03-10", "03-11", "03-26", "03-28", "05-01", "05-06", "05-17",
                    "05-20", "06-01", "06-06", "08-15", "08-17", "12-25", "12-26",
                ],
                ["02-05", "03-09", "03-12", "03-15", "03-25", "05-18", "05-19", "12-24"]
            ),
        ]
        for year in years {
            let want = try #require(expected[year.year.value])
            #expect(
                year.holidays.map(\.date.value.description).sorted() == want.holidays.map { "\(year.year.value)-\($0)" }
            )
            #expect(
                year.cutiBersama.map(\.date.value.description).sorted() == want.leave.map { "\(year.year.value)-\($0)" }
            )
            #expect(year.timeZone.value == "Asia/Jakarta")
            let weekly = year.workingHours.reduce(0) { $0 + $1.minutesPerDay * $1.days.count }
            #expect(weekly == 37 * 60 + 30, "Perpres 21/2023: 37.5 hours a week")
        }
    }
}
