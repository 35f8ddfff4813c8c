import ArgumentParser
import BatchLabConfig
import BatchLabData
import BatchLabNN

struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the named models with their layers and parameter counts, or print one as a layer list.",
        discussion: "A printed list is a `model:` value for `train --config`: edit it to study a CNN of your own.")

    @Option(name: .customLong("print"), help: ArgumentHelp("Print this model as a layer list in YAML (the config file's `model:`).",
                                                         valueName: "name"))
    var printName: String?

    func run() throws {
        if let printName {
            guard let layers = ModelConfiguration.layers(of: printName) else {
                throw CommandError("--print \(printName): no such model; choose one of \(Self.all.map(\.name).joined(separator: ", "))")
            }
            return print(ConfigurationFile.yaml(model: layers), terminator: "")
        }
        for model in BatchLabNN.Models.all {
            let rows = try model.summary(inputShape: CIFAR10.imageShape)
            let total = rows.reduce(0) { $0 + $1.parameters }
            print("\(model.name) — \(total.formatted()) parameters, input (3, 32, 32)")
            for row in rows {
                let shape = "(" + row.outputShape.map(String.init).joined(separator: ", ") + ")"
                print("  " + row.layer.padding(toLength: 34, withPad: " ", startingAt: 0)
                      + shape.padding(toLength: 16, withPad: " ", startingAt: 0) + row.parameters.formatted())
            }
        }
    }

    static func named(_ name: String) -> Sequential? { BatchLabNN.Models.named(name) }
    static var all: [Sequential] { BatchLabNN.Models.all }
}

import Foundation
