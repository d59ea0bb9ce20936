import ArgumentParser
import Foundation
import Lapor

/// `lapor generate`: write a large synthetic workspace to disk, for scale tests and benchmarks.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a large synthetic workspace (units, categories, a routing table) to a directory.",
        discussion: """
            The workspace is valid unless --shadowed or --uncovered plant known defects: a rule at the top \
            of the table that shadows every rule of a category (LAP204 for each), or categories without \
            rules (LAP206). `lapor validate DIR` then reports exactly those.
            """
    )

    @Option(help: "The directory to write (created; files in routing/ are replaced).")
    var out: String

    @Option(help: "Number of units.") var units = 500
    @Option(help: "Number of categories.") var categories = 2_000
    @Option(help: "Number of routing rules.") var rules = 20_000
    @Option(help: "Categories given a shadowing rule at the top of the table.") var shadowed = 0
    @Option(help: "Categories left without rules.") var uncovered = 0

    func validate() throws {
        guard units > 0, categories > 0, rules > 0, shadowed >= 0, uncovered >= 0 else {
            throw ValidationError("counts must be positive")
        }
        guard units <= 1_000_000, categories <= 1_000_000, rules <= 5_000_000 else {
            throw ValidationError("at most 1,000,000 units and categories and 5,000,000 rules")
        }
    }

    func run() throws {
        let generator = SyntheticWorkspace(
            units: units, categories: categories, rules: rules, shadowed: shadowed, uncovered: uncovered)
        for file in generator.files() {
            let path = (out as NSString).appendingPathComponent(file.path)
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try file.text.write(toFile: path, atomically: true, encoding: .utf8)
            print("wrote \(path) (\(file.text.utf8.count) bytes)")
        }
        let expected = generator.shadowedCategories.map(generator.ruleCount(of:)).reduce(0, +)
        print(
            "\(generator.units) units, \(generator.categories) categories, \(generator.rules) rules; planted: "
                + "\(expected) shadowed rules (\(generator.shadowed) categories), \(generator.uncovered) uncovered categories"
        )
    }
}
