import Foundation
import Lapor

extension WorkspaceLoader {
    /// The routing table `given` names for a command that compares tables: a table of `loaded` (by name, or
    /// by the file it was loaded from), or a routing-table file outside the workspace, loaded and validated
    /// against the workspace's unit and category catalogs.
    ///
    /// - Returns: the table if it has no errors, and every diagnostic (errors and warnings) of loading and
    ///   validating it; the file's text is added to `loaded.sources` for printing them.
    public func routingTable(_ given: String, in loaded: inout LoadResult) -> (
        table: RoutingTable?, diagnostics: [Diagnostic]
    ) {
        let tables = loaded.workspace.routingTables
        let wanted = URL(fileURLWithPath: given).standardizedFileURL.path
        if let table = tables.first(where: {
            $0.metadata.name.value == given || URL(fileURLWithPath: $0.location.file).standardizedFileURL.path == wanted
        }) {
            return (table, [])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: given, isDirectory: &isDirectory), !isDirectory.boolValue else {
            let diagnostic = Diagnostic.unknownDocument(
                .routingTable, name: given, known: tables.map(\.metadata.name.value).sorted(), at: .file(given))
            return (nil, [diagnostic])
        }
        let file = load(path: given)
        loaded.sources.add(file.sources)
        guard !file.diagnostics.hasErrors else { return (nil, file.diagnostics.sortedForOutput()) }
        let found = file.workspace.routingTables
        guard found.count == 1, let table = found.first else {
            return (nil, [.notOneRoutingTable(given, found: found.map(\.metadata.name.value))])
        }
        let check = Workspace(
            routingTables: [table], unitCatalogs: loaded.workspace.unitCatalogs + file.workspace.unitCatalogs,
            categoryCatalogs: loaded.workspace.categoryCatalogs + file.workspace.categoryCatalogs)
        let diagnostics = (file.diagnostics + Validator().validate(check)).sortedForOutput()
        return (diagnostics.hasErrors ? nil : table, diagnostics)
    }
}
