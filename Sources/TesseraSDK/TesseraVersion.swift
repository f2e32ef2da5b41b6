/// The current Tessera version: recorded on every source, every correlation and detection run,
/// and printed by `tessera --version`.
public enum TesseraVersion {
    public static let current = "0.1.0"
}
