/// The Keras-style keys of an epoch's logs that the report reads.
public enum EpochKey {
    /// 1-based epoch number.
    public static let epoch = "epoch"
    public static let loss = "loss"
    public static let accuracy = "accuracy"
    public static let valLoss = "val_loss"
    public static let valAccuracy = "val_accuracy"
    public static let learningRate = "lr"
    /// Wall-clock seconds of the epoch, validation included.
    public static let seconds = "seconds"
    public static let imagesPerSecond = "images_per_second"
    /// Peak resident memory of the process so far, in MB.
    public static let peakRSSMB = "peak_rss_mb"
    /// Peak memory held by the network's tensors (weights, gradients, activations, workspaces), in MB:
    /// the part of memory that grows with the batch size.
    public static let tensorMemoryMB = "tensor_memory_mb"
    /// Where a run with `--target-accuracy` reached it: training steps, images and seconds (time in
    /// training steps only); logged once, in the epoch it happened.
    public static let targetStep = "target_step"
    public static let targetImages = "target_images"
    public static let targetSeconds = "target_seconds"
}
