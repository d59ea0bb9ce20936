import Lapor
import LaporYAML
import Testing

@Suite("Large generated workspaces")
struct SyntheticWorkspaceTests {
    static func check(_ files: [(path: String, text: String)]) -> [Diagnostic] {
        var workspace = Workspace()
        var diagnostics: [Diagnostic] = []
        for file in files {
            let loaded = WorkspaceLoader().load(text: file.text, name: file.path)
            diagnostics += loaded.diagnostics
            workspace.routingTables += loaded.workspace.routingTables
            workspace.unitCatalogs += loaded.workspace.unitCatalogs
            workspace.categoryCatalogs += loaded.workspace.categoryCatalogs
        }
        return diagnostics + Validator().validate(workspace)
    }

    @Test("a generated 5,000-rule workspace is clean")
    func clean() {
        let files = SyntheticWorkspace(units: 50, categories: 500, rules: 5_000).files()
        #expect(Self.check(files).isEmpty)
    }

    @Test("a shadowed rule and an uncovered category are found among 5,000 rules")
    func findsProblems() throws {
        var files = SyntheticWorkspace(units: 50, categories: 500, rules: 5_000).files()
        let table = try #require(files.firstIndex { $0.path == "routing/table.yaml" })
        // A general rule for cat_250 placed first shadows its own label rules further down;
        // dropping the general rule of cat_7 leaves it to the default rule.
        var text = files[table].text
        text = text.replacingOccurrences(
            of: "rules:\n", with: "rules:\n  - {id: early, when: {category: cat_250}, route: UNIT_1}\n")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let general = "when: {category: cat_7}, route:"
        text = lines.filter { !$0.contains(general) }.joined(separator: "\n")
        files[table].text = text
        let diagnostics = Self.check(files)
        let shadowed = diagnostics.filter { $0.code == .shadowedRule }
        #expect(shadowed.count == 10, "cat_250's nine label rules and its general rule")
        #expect(shadowed.allSatisfy { $0.message.hasSuffix("by rule 'early' (line 7)") })
        let defaultOnly = diagnostics.filter { $0.code == .defaultOnlyCategory }
        #expect(defaultOnly.map { $0.message.contains("'cat_7'") } == [true])
        #expect(diagnostics.count == 11)
    }

    @Test("at full scale (500 units, 2,000 categories, 20,000 rules) exactly the planted defects are reported")
    func plantedDefectsAtScale() throws {
        let generator = SyntheticWorkspace(units: 500, categories: 2_000, rules: 20_000, shadowed: 20, uncovered: 10)
        #expect(generator.shadowedCategories.count == 20)
        #expect(Set(generator.shadowedCategories).isDisjoint(with: generator.uncoveredCategories))
        let diagnostics = Self.check(generator.files())
        // Every rule of a shadowed category (10 each at this size) is shadowed by its early rule.
        let shadowed = diagnostics.filter { $0.code == .shadowedRule }
        #expect(shadowed.count == 200)
        for category in generator.shadowedCategories {
            #expect(
                shadowed.filter { $0.message.contains("by rule 'early_\(category)'") }.count
                    == generator.ruleCount(of: category))
        }
        let defaultOnly = diagnostics.filter { $0.code == .defaultOnlyCategory }
        #expect(
            Set(defaultOnly.compactMap { $0.message.firstMatch(of: /category 'cat_(\d+)'/).map { Int($0.1)! } })
                == Set(generator.uncoveredCategories))
        #expect(diagnostics.count == 210)
    }
}
