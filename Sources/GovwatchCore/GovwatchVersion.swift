/// govwatch's version: `govwatch --version`, and the .deb's default
/// (Deploy/build-deb reads it from the binary).
public enum GovwatchVersion {
    public static let current = "0.2.0"
}
