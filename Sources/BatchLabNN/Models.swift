/// The named models `batchlab` knows.
public enum Models {
    /// The tutorial's CNN: 821,206 parameters on 32×32×3 input.
    public static let seedCNN = Sequential(name: "seed-cnn") {
        Conv2D(32, kernelSize: 3, padding: .same, activation: .relu)
        MaxPooling2D(poolSize: 2)
        Dropout(0.25)
        Flatten()
        Dense(100, activation: .relu)
        Dropout(0.25)
        Dense(10, activation: .softmax)
    }

    /// The Keras `cifar10_cnn.py` example: 1,250,858 parameters on 32×32×3 input.
    public static let kerasCNN = Sequential(name: "keras-cnn") {
        Conv2D(32, kernelSize: 3, padding: .same, activation: .relu)
        Conv2D(32, kernelSize: 3, padding: .valid, activation: .relu)
        MaxPooling2D(poolSize: 2)
        Dropout(0.25)
        Conv2D(64, kernelSize: 3, padding: .same, activation: .relu)
        Conv2D(64, kernelSize: 3, padding: .valid, activation: .relu)
        MaxPooling2D(poolSize: 2)
        Dropout(0.25)
        Flatten()
        Dense(512, activation: .relu)
        Dropout(0.5)
        Dense(10, activation: .softmax)
    }

    public static let all = [seedCNN, kerasCNN]

    /// The model called `name`, or nil.
    public static func named(_ name: String) -> Sequential? {
        all.first { $0.name == name }
    }
}
