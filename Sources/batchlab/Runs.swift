import ArgumentParser
import BatchLabConfig
import BatchLabCore
import BatchLabExperiments
import BatchLabTracking
import BatchLabTraining
import Foundation

struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show, export or delete recorded runs.",
        subcommands: [List.self, Show.self, Export.self, Delete.self, Analyses.self, DeleteAnalysis.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per run, newest first.")
        @OptionGroup var store: StoreOption
        @Option(help: "Only runs of this study.") var study: String?

        func run() throws {
            let store = try store.openExisting()
            try store.markOrphansInterrupted()
            let runs = try store.runs(study: study)
            let rows = try runs.map { run -> [String] in
                let epochs = try store.epochs(runID: run.id)
                let best = epochs.compactMap { $0["val_accuracy"] }.max()
                return ["\(run.id)", run.name, run.study ?? "", run.status.rawValue, "\(epochs.count)/\(run.config.epochs)",
                        "\(run.config.batchSize)", "\(run.config.learningRate)", best.map { String(format: "%.4f", $0) } ?? "",
                        TextTable.timestamp(run.startedAt)]
            }
            print(TextTable(header: ["id", "name", "study", "status", "epochs", "batch", "lr", "best val_acc", "started"],
                            rows: rows).rendered)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A run's config and every epoch's logs.")
        @OptionGroup var store: StoreOption
        @Argument(help: "Run id.") var id: Int64

        func run() throws {
            let store = try store.openExisting()
            guard let run = try store.run(id: id) else { throw CommandError("no run \(id) in \(store.path)") }
            print("Run \(run.id): \(run.name)\(run.study.map { " (study \($0))" } ?? "") — \(run.effectiveStatus.rawValue)"
                  + (run.message.map { ": \($0)" } ?? ""))
            print("started \(TextTable.timestamp(run.startedAt))" + (run.endedAt.map { ", ended \(TextTable.timestamp($0))" } ?? "")
                  + " on \(run.host), pid \(run.pid), BatchLab \(run.version)")
            for (key, value) in run.config.entries { print("  \(key): \(value)") }
            if let configuration = run.configuration {
                print("Configuration (`batchlab train --config FILE` trains it again):")
                print(ConfigurationFile.yaml(configuration).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            }
            let epochs = try store.epochs(runID: id)
            let keys = EpochLogs.keys(of: epochs)
            let rows = epochs.map { logs in keys.map { logs[$0].map(TextTable.number) ?? "" } }
            print(TextTable(header: keys, rows: rows).rendered)
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every epoch of every run as CSV (one row per epoch), TensorBoard event files or an MLflow file store.",
            discussion: "Without --csv, --tensorboard or --mlflow, the CSV goes to standard output.")
        @OptionGroup var store: StoreOption
        @Option(help: "Only runs of this study.") var study: String?
        @Option(help: "Write the CSV to this file instead of standard output.") var csv: String?
        @Option(help: ArgumentHelp("Write TensorBoard event files (scalars, hparams) in this new (or empty) folder (`tensorboard --logdir DIR`).",
                                   valueName: "dir"))
        var tensorboard: String?
        @Option(help: ArgumentHelp("Write the runs as an MLflow file store in this new (or empty) folder (`mlflow ui --backend-store-uri DIR`).",
                                   valueName: "dir"))
        var mlflow: String?

        func validate() throws {
            if tensorboard?.isEmpty == true { throw ValidationError("--tensorboard must name a folder (got an empty path)") }
            if mlflow?.isEmpty == true { throw ValidationError("--mlflow must name a folder (got an empty path)") }
        }

        func run() throws {
            let store = try store.openExisting()
            let runs = Array(try store.runs(study: study).reversed())
            let plural = { (count: Int, noun: String) in "\(count) \(noun)\(count == 1 ? "" : "s")" }
            if let tensorboard {
                let written = try exporting("--tensorboard", tensorboard) { try TensorBoardExport.write(runs, from: store, to: $0) }
                print("Wrote \(plural(written, "run")) to \(tensorboard): tensorboard --logdir \(tensorboard)")
            }
            if let mlflow {
                let written = try exporting("--mlflow", mlflow) { try MLflowExport.write(runs, from: store, to: $0) }
                print("Wrote \(plural(written.runs, "run")) in \(plural(written.experiments, "experiment")) "
                      + "to \(mlflow): MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri \(mlflow)")
            }
            guard csv != nil || (tensorboard == nil && mlflow == nil) else { return }
            let text = try CSVExport.epochs(of: runs, from: store)
            guard let csv else { return print(text, terminator: "") }
            do {
                try UserFile.write(Data(text.utf8), to: csv)
            } catch {
                throw CommandError("--csv \(csv) \(error)")
            }
        }

        /// An export to the folder `path`; its errors name the flag.
        private func exporting<Result>(_ flag: String, _ path: String, _ write: (URL) throws -> Result) throws -> Result {
            do {
                return try write(URL(fileURLWithPath: path))
            } catch let error as ExportError {
                throw CommandError("\(flag) \(error)")
            } catch {
                throw CommandError("\(flag) \(path): \(error.localizedDescription)")
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a run and its logs.")
        @OptionGroup var store: StoreOption
        @Argument(help: "Run id.") var id: Int64

        func run() throws {
            let store = try store.openExisting()
            guard let run = try store.run(id: id) else { throw CommandError("no run \(id) in \(store.path)") }
            guard run.effectiveStatus != .running else {
                throw CommandError("run \(id) is still training (pid \(run.pid)); stop it first")
            }
            _ = try store.deleteRun(id: id)
            print("Deleted run \(id) and its logs."
                  + (run.config.checkpointDirectory.map { " Its checkpoints in \($0)/run-\(id) are kept." } ?? ""))
        }
    }

    struct Analyses: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the lr range tests and noise-scale analyses.")
        @OptionGroup var store: StoreOption
        @Option(help: "Only analyses of this study.") var study: String?

        func run() throws {
            let analyses = try store.openExisting().analyses(study: study, kind: nil)
            let rows = analyses.map { record in
                [String(record.id), record.kind.rawValue, record.name, record.study ?? "-", record.runID.map(String.init) ?? "-",
                 (try? record.summary()) ?? "unreadable result"]
            }
            print(TextTable(header: ["id", "kind", "name", "study", "run", "result"], rows: rows).rendered)
        }
    }

    struct DeleteAnalysis: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete-analysis", abstract: "Delete an analysis.")
        @OptionGroup var store: StoreOption
        @Argument(help: "Analysis id.") var id: Int64

        func run() throws {
            guard try store.openExisting().deleteAnalysis(id: id) else {
                throw CommandError("no analysis \(id) in \(store.path) (see `batchlab runs analyses`)")
            }
            print("Deleted analysis \(id).")
        }
    }
}
