import Testing
@testable import BatchLabExperiments

struct SweepParameterTests {
    @Test func integersMustBeExact() throws {
        #expect(try SweepParameter.batchSize.value(of: "128") == .integer(128))
        #expect(try SweepParameter.batchSize.value(of: "1e3") == .integer(1000))
        #expect(throws: SweepParameter.InvalidValue.self) { try SweepParameter.batchSize.value(of: "1.5") }
        #expect(throws: SweepParameter.InvalidValue.self) { try SweepParameter.epochs.value(of: "1e-3") }
    }

    @Test func nullOnlyForOptionalFields() throws {
        #expect(try SweepParameter.subset.value(of: "", isNull: true) == .null)
        #expect(try SweepParameter.schedule.value(of: "null", isNull: true) == .null)
        #expect(throws: SweepParameter.InvalidValue(description: "'epochs' must be an integer (got null)")) {
            try SweepParameter.epochs.value(of: "null", isNull: true)
        }
    }

    @Test func booleansAreTrueOrFalse() throws {
        #expect(try SweepParameter.earlyStopping.value(of: "false") == .flag(false))
        #expect(try SweepParameter.reduceLROnPlateau.value(of: "TRUE") == .flag(true))
        #expect(throws: SweepParameter.InvalidValue.self) { try SweepParameter.earlyStopping.value(of: "1") }
    }

    @Test func realsKeepTheirExactValue() throws {
        #expect(try SweepParameter.lr.value(of: "1e-4") == .real(0.0001))
        #expect(try SweepParameter.momentum.value(of: "0") == .real(0))
        #expect(throws: SweepParameter.InvalidValue.self) { try SweepParameter.lr.value(of: "nan") }
    }

    @Test func everyParameterAppliesToItsField() throws {
        var run = RunSpec()
        SweepParameter.scaleLR.apply(try SweepParameter.scaleLR.value(of: "sqrt"), to: &run)
        SweepParameter.plateauMonitor.apply(try SweepParameter.plateauMonitor.value(of: "val_accuracy"), to: &run)
        SweepParameter.warmupEpochs.apply(try SweepParameter.warmupEpochs.value(of: "5"), to: &run)
        #expect(run == RunSpec(scaleLR: .sqrt, plateauMonitor: "val_accuracy", warmupEpochs: 5))
    }

    @Test func keysAreSnakeCase() {
        // 25, then target_accuracy, eval_every_images and eval_images.
        #expect(SweepParameter.allCases.count == 28)
        #expect(SweepParameter(rawValue: "eval_every_images") == .evalEveryImages)
        #expect(SweepParameter.allCases.allSatisfy { $0.rawValue == $0.rawValue.lowercased() })
        #expect(SweepParameter(rawValue: "reduce_lr_on_plateau") == .reduceLROnPlateau)
    }
}
