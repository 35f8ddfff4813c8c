import BatchLabNN
import Testing
@testable import BatchLabConfig

@Suite struct ModelConfigurationTests {
    /// A named model printed as a layer list builds the same layers: same summaries, same
    /// parameter counts (seed-cnn 821,206; keras-cnn 1,250,858).
    @Test(arguments: ["seed-cnn", "keras-cnn"])
    func aNamedModelAsAListIsTheSameModel(name: String) throws {
        let list = try #require(ModelConfiguration.layers(of: name))
        let named = try #require(Models.named(name))
        let built = try list.sequential()
        #expect(built.layers.map(\.summary) == named.layers.map(\.summary))
        #expect(try built.parameterCount(inputShape: [3, 32, 32]) == named.parameterCount(inputShape: [3, 32, 32]))
        var configuration = RunConfiguration()
        configuration.model = list
        try configuration.validate()
        #expect(try ConfigurationFile.decode(ConfigurationFile.yaml(configuration), fileName: "printed.yaml") == configuration)
    }

    @Test func aListTakesKerasClassNamesAndArgumentsWithTheirDefaults() throws {
        let configuration = try ConfigurationFile.decode("""
            model:
              - {class_name: Conv2D, config: {filters: 16, padding: same}}
              - {class_name: BatchNormalization}
              - {class_name: Activation, config: {activation: relu}}
              - {class_name: MaxPooling2D, config: {pool_size: 2}}
              - {class_name: Flatten}
              - {class_name: Dropout, config: {rate: 0.5}}
              - {class_name: Dense, config: {units: 10, activation: softmax}}
            """, fileName: "mine.yaml")
        let summaries = try configuration.model.sequential().layers.map(\.summary)
        #expect(summaries == ["Conv2D(16, 3×3, same, linear)", "BatchNormalization()", "ReLU()", "MaxPooling2D(2×2)", "Flatten()",
                              "Dropout(0.5)", "Dense(10, softmax)"])
        #expect(configuration.model.name == "custom")
    }

    @Test(arguments: [
        ("model:\n  - {class_name: Conv2D, config: {filters: 8}}\n  - {class_name: Dense, config: {units: 10, activation: softmax}}\n",
         3, "model.1 (Dense(10, softmax)): expects a flat (features) input, got [8, 30, 30]: add Flatten() before it"),
        ("model:\n  - {class_name: Flatten}\n  - {class_name: Dense, config: {units: 12, activation: softmax}}\n",
         3, "model.1 must give the 10 class probabilities, as Dense with units: 10 and activation: softmax (the list ends in [12])"),
        ("model:\n  - {class_name: Flatten}\n  - {class_name: Dense, config: {units: 10}}\n",
         3, "model.1 must give the 10 class probabilities, as Dense with units: 10 and activation: softmax (the list ends in [10] without softmax)"),
        ("model:\n  - {class_name: Conv2d, config: {filters: 8}}\n",
         2, "model.0.class_name must be one of Conv2D, MaxPooling2D, Dropout, Flatten, Dense, BatchNormalization, Activation (got 'Conv2d'); did you mean 'Conv2D'?"),
        ("model:\n  - {class_name: Flatten}\n  - {class_name: Dense, config: {units: 10, activaton: softmax}}\n",
         3, "model.1.config.activaton is not a configuration key; did you mean 'model.1.config.activation'?"),
        ("model:\n  - {class_name: Conv2D, config: {kernel_size: 3}}\n", 2, "model.0.config.filters is required (Keras's Conv2D has no default)"),
        ("model:\n  - {class_name: Dropout, config: {rate: 1}}\n", 2, "model.0.config.rate must be in [0, 1) (got 1.0)"),
        ("model:\n  - {class_name: Conv2D, config: {filters: 8, padding: full}}\n", 2,
         "model.0.config.padding must be one of same, valid (got 'full')"),
        ("model: []\n", 1, "model is an empty list of layers"),
        ("model: vgg\n", 1, "model must be one of seed-cnn, keras-cnn (got 'vgg'; see `batchlab models`), or a list of layers"),
    ] as [(String, Int, String)])
    func aBadListNamesTheLayerItsLineAndTheShapes(text: String, line: Int, message: String) {
        #expect(throws: ConfigurationFileError(fileName: "m.yaml", line: line, message: message)) {
            try ConfigurationFile.decode(text, fileName: "m.yaml")
        }
    }
}
