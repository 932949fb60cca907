//! Where a user's own files live: the config folder (the user's config)
//! and the cache folder (calendars fetched over the network, git commit
//! metadata), after XDG on Linux and the platform's folders elsewhere.

use std::path::PathBuf;

/// An environment variable naming a path; unset and empty are alike.
pub fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// `$XDG_CONFIG_HOME`, else `~/.config` (XDG's default),
/// `~/Library/Application Support` on macOS, `%APPDATA%` on Windows. A
/// relative XDG_CONFIG_HOME is invalid and ignored, as XDG says.
pub fn config_folder() -> Option<PathBuf> {
    env_path("XDG_CONFIG_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| platform_folder("APPDATA", &["Library", "Application Support"], ".config"))
}

/// `$XDG_CACHE_HOME`, else `~/.cache`, `~/Library/Caches` on macOS,
/// `%LOCALAPPDATA%` on Windows.
pub fn cache_folder() -> Option<PathBuf> {
    env_path("XDG_CACHE_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| platform_folder("LOCALAPPDATA", &["Library", "Caches"], ".cache"))
}

/// `$XDG_STATE_HOME`, else `~/.local/state` (XDG's default),
/// `~/Library/Application Support` on macOS, `%LOCALAPPDATA%` on Windows:
/// where sign-ins are kept.
pub fn state_folder() -> Option<PathBuf> {
    env_path("XDG_STATE_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| {
            platform_folder(
                "LOCALAPPDATA",
                &["Library", "Application Support"],
                ".local/state",
            )
        })
}

fn platform_folder(windows: &str, macos: &[&str], unix: &str) -> Option<PathBuf> {
    if cfg!(windows) {
        env_path(windows)
    } else if cfg!(target_os = "macos") {
        env_path("HOME").map(|home| macos.iter().fold(home, |p, part| p.join(part)))
    } else {
        env_path("HOME").map(|home| home.join(unix))
    }
}
