import GRDB

/// The run store's tables, versioned: each schema change is a new migration appended here,
/// never an edit of an old one.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, epochs, step losses") { db in
            try db.create(table: "run") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull()
                table.column("study", .text).indexed()
                // RunConfig as JSON.
                table.column("config", .text).notNull()
                table.column("status", .text).notNull()
                table.column("message", .text)
                table.column("startedAt", .datetime).notNull()
                table.column("endedAt", .datetime)
                table.column("host", .text).notNull()
                table.column("pid", .integer).notNull()
                table.column("version", .text).notNull()
            }
            try db.create(table: "epoch") { table in
                table.column("runID", .integer).notNull().references("run", onDelete: .cascade)
                table.column("epoch", .integer).notNull()
                // EpochLogs as a JSON object (non-finite values as null).
                table.column("logs", .text).notNull()
                table.column("recordedAt", .datetime).notNull()
                table.primaryKey(["runID", "epoch"])
            }
            try db.create(table: "stepLoss") { table in
                table.column("runID", .integer).notNull().references("run", onDelete: .cascade)
                table.column("step", .integer).notNull()
                table.column("loss", .double)
                table.primaryKey(["runID", "step"])
            }
        }
        migrator.registerMigration("v2: analyses") { db in
            try db.create(table: "analysis") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("kind", .text).notNull()
                table.column("name", .text).notNull()
                table.column("study", .text).indexed()
                table.column("runID", .integer).references("run", onDelete: .setNull)
                // Settings and result as JSON.
                table.column("settings", .text).notNull()
                table.column("result", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("version", .text).notNull()
            }
        }
        migrator.registerMigration("v3: run configurations") { db in
            // RunConfiguration as JSON: what `--resume`, `runs show`, report and dashboard read.
            // Null for runs recorded before it; their `config` (RunConfig) still describes them.
            try db.alter(table: "run") { table in table.add(column: "configuration", .text) }
        }
        migrator.registerMigration("v4: sweeps") { db in
            // What each sweep trains (SweepPlan as JSON), for `batchlab sweep --resume`.
            try db.create(table: "sweep") { table in
                table.primaryKey("study", .text)
                table.column("plan", .text).notNull()
                table.column("createdAt", .datetime).notNull()
                table.column("version", .text).notNull()
            }
        }
        migrator.registerMigration("v5: process start") { db in
            // With host and pid, tells a run's live process from a later one given the same pid
            // (`ProcessLiveness`). Null for runs recorded before it: their pid alone is checked.
            try db.alter(table: "run") { table in table.add(column: "processStart", .text) }
        }
        migrator.registerMigration("v6: ranks") { db in
            // A data-parallel run's MPI ranks and the host of each, as a JSON array (null: one
            // process on `host`).
            try db.alter(table: "run") { table in
                table.add(column: "ranks", .integer).notNull().defaults(to: 1)
                table.add(column: "hosts", .text)
            }
        }
        migrator.registerMigration("v7: MPI ranks") { db in
            // The ranks of an MPI job that trained a run of a sweep spread over the job, as a JSON
            // array (null: not such a run).
            try db.alter(table: "run") { table in
                table.add(column: "mpiRanks", .text)
            }
        }
        migrator.registerMigration("v8: step learning rates") { db in
            // The learning rate each logged step trained with (null for steps recorded before it).
            try db.alter(table: "stepLoss") { table in table.add(column: "learningRate", .double) }
        }
        return migrator
    }
}
