//! Windows time zone *display names* → Windows zone ids.
//!
//! Outlook and Exchange sometimes write a TZID that is the zone's display
//! name, `"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"`,
//! with no VTIMEZONE block. The zone id that display name belongs to
//! (`W. Europe Standard Time`) is what `windows-timezones` resolves.
//!
//! The table holds the English (en-US and en-GB) `Display` values of the
//! Windows registry key `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\
//! Time Zones\*`, as `tzutil /l` lists them, for every zone the CLDR
//! windowsZones table (and so `windows-timezones`) knows, current and older:
//! today's names (Windows 11, 2025); the earlier spellings kept in
//! `tzres.dll` (Windows 7 to 11: the RTZ names of 2014, the moved offsets of
//! 2011–2024, "La Paz, Mazatlan" vs "Chihuahua, La Paz, Mazatlan"); and the
//! `(GMT…)` names of Windows 2000, XP, Vista and Exchange 2003/2007,
//! including their "- Old"/"- New" Mexican zones. Where a zone id was later
//! renamed or merged (XP's `Mexico Standard Time`, `Armenian Standard Time`),
//! its display name maps to the id that now holds that zone.
//!
//! Left out: `Mid-Atlantic Standard Time` ("(UTC-02:00) Mid-Atlantic") and
//! `Kamchatka Standard Time` ("(UTC+12:00) Petropavlovsk-Kamchatsky - Old"),
//! legacy zones with daylight-saving rules no IANA zone follows and no CLDR
//! mapping.
//!
//! Names are compared in a normal form (see `normalize`): `(GMT…)`,
//! `(UTC)`, `(UTC+00:00)` and spacing, case, quotes and punctuation variants
//! of one name compare equal, so the table lists each text once per
//! spelling that Windows used.

use std::sync::LazyLock;

/// (display name, Windows zone id), sorted by display name.
#[rustfmt::skip]
static DISPLAY_NAMES: &[(&str, &str)] = &[
    ("(GMT) Casablanca, Monrovia", "Greenwich Standard Time"),
    ("(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London", "GMT Standard Time"),
    ("(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "W. Europe Standard Time"),
    ("(GMT+01:00) Sarajevo, Skopje, Sofija, Vilnius, Warsaw, Zagreb", "Central European Standard Time"),
    ("(GMT+02:00) Athens, Beirut, Istanbul, Minsk", "GTB Standard Time"),
    ("(GMT+02:00) Athens, Istanbul, Minsk", "GTB Standard Time"),
    ("(GMT+02:00) Bucharest", "E. Europe Standard Time"),
    ("(GMT+02:00) Helsinki, Kiev, Riga, Sofia, Tallinn, Vilnius", "FLE Standard Time"),
    ("(GMT+02:00) Helsinki, Riga, Tallinn", "FLE Standard Time"),
    ("(GMT+04:00) Baku, Tbilisi, Yerevan", "Caucasus Standard Time"),
    ("(GMT+04:00) Caucasus Standard Time", "Caucasus Standard Time"),
    ("(GMT+05:30) Calcutta, Chennai, Mumbai, New Delhi", "India Standard Time"),
    ("(GMT+06:00) Sri Jayawardenepura", "Sri Lanka Standard Time"),
    ("(GMT+06:30) Rangoon", "Myanmar Standard Time"),
    ("(GMT-06:00) Guadalajara, Mexico City, Monterrey - New", "Central Standard Time (Mexico)"),
    ("(GMT-06:00) Guadalajara, Mexico City, Monterrey - Old", "Central Standard Time (Mexico)"),
    ("(GMT-06:00) Mexico City", "Central Standard Time (Mexico)"),
    ("(GMT-07:00) Chihuahua, La Paz, Mazatlan - New", "Mountain Standard Time (Mexico)"),
    ("(GMT-07:00) Chihuahua, La Paz, Mazatlan - Old", "Mountain Standard Time (Mexico)"),
    ("(GMT-08:00) Pacific Time (US & Canada); Tijuana", "Pacific Standard Time"),
    ("(GMT-12:00) Eniwetok, Kwajalein", "Dateline Standard Time"),
    ("(UTC) Casablanca", "Morocco Standard Time"),
    ("(UTC) Casablanca, Monrovia, Reykjavik", "Greenwich Standard Time"),
    ("(UTC) Co-ordinated Universal Time", "UTC"),
    ("(UTC) Coordinated Universal Time", "UTC"),
    ("(UTC) Dublin, Edinburgh, Lisbon, London", "GMT Standard Time"),
    ("(UTC) Monrovia, Reykjavik", "Greenwich Standard Time"),
    ("(UTC+00:00) Casablanca", "Morocco Standard Time"),
    ("(UTC+00:00) Dublin, Edinburgh, Lisbon, London", "GMT Standard Time"),
    ("(UTC+00:00) Monrovia, Reykjavik", "Greenwich Standard Time"),
    ("(UTC+00:00) Sao Tome", "Sao Tome Standard Time"),
    ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna", "W. Europe Standard Time"),
    ("(UTC+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague", "Central Europe Standard Time"),
    ("(UTC+01:00) Brussels, Copenhagen, Madrid, Paris", "Romance Standard Time"),
    ("(UTC+01:00) Casablanca", "Morocco Standard Time"),
    ("(UTC+01:00) Sao Tome", "Sao Tome Standard Time"),
    ("(UTC+01:00) Sarajevo, Skopje, Warsaw, Zagreb", "Central European Standard Time"),
    ("(UTC+01:00) West Central Africa", "W. Central Africa Standard Time"),
    ("(UTC+01:00) Windhoek", "Namibia Standard Time"),
    ("(UTC+02:00) Amman", "Jordan Standard Time"),
    ("(UTC+02:00) Athens, Bucharest", "GTB Standard Time"),
    ("(UTC+02:00) Athens, Bucharest, Istanbul", "GTB Standard Time"),
    ("(UTC+02:00) Beirut", "Middle East Standard Time"),
    ("(UTC+02:00) Cairo", "Egypt Standard Time"),
    ("(UTC+02:00) Chisinau", "E. Europe Standard Time"),
    ("(UTC+02:00) Damascus", "Syria Standard Time"),
    ("(UTC+02:00) E. Europe", "E. Europe Standard Time"),
    ("(UTC+02:00) Gaza, Hebron", "West Bank Standard Time"),
    ("(UTC+02:00) Harare, Pretoria", "South Africa Standard Time"),
    ("(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius", "FLE Standard Time"),
    ("(UTC+02:00) Istanbul", "Turkey Standard Time"),
    ("(UTC+02:00) Jerusalem", "Israel Standard Time"),
    ("(UTC+02:00) Juba", "South Sudan Standard Time"),
    ("(UTC+02:00) Kaliningrad", "Kaliningrad Standard Time"),
    ("(UTC+02:00) Kaliningrad (RTZ 1)", "Kaliningrad Standard Time"),
    ("(UTC+02:00) Khartoum", "Sudan Standard Time"),
    ("(UTC+02:00) Minsk", "E. Europe Standard Time"),
    ("(UTC+02:00) Nicosia", "E. Europe Standard Time"),
    ("(UTC+02:00) Tripoli", "Libya Standard Time"),
    ("(UTC+02:00) Windhoek", "Namibia Standard Time"),
    ("(UTC+03:00) Amman", "Jordan Standard Time"),
    ("(UTC+03:00) Baghdad", "Arabic Standard Time"),
    ("(UTC+03:00) Damascus", "Syria Standard Time"),
    ("(UTC+03:00) Istanbul", "Turkey Standard Time"),
    ("(UTC+03:00) Kaliningrad", "Kaliningrad Standard Time"),
    ("(UTC+03:00) Kaliningrad, Minsk", "Kaliningrad Standard Time"),
    ("(UTC+03:00) Kuwait, Riyadh", "Arab Standard Time"),
    ("(UTC+03:00) Minsk", "Belarus Standard Time"),
    ("(UTC+03:00) Moscow, St Petersburg", "Russian Standard Time"),
    ("(UTC+03:00) Moscow, St. Petersburg", "Russian Standard Time"),
    ("(UTC+03:00) Moscow, St. Petersburg, Volgograd", "Russian Standard Time"),
    ("(UTC+03:00) Moscow, St. Petersburg, Volgograd (RTZ 2)", "Russian Standard Time"),
    ("(UTC+03:00) Nairobi", "E. Africa Standard Time"),
    ("(UTC+03:00) Tbilisi", "Georgian Standard Time"),
    ("(UTC+03:00) Volgograd", "Volgograd Standard Time"),
    ("(UTC+03:30) Tehran", "Iran Standard Time"),
    ("(UTC+04:00) Abu Dhabi, Muscat", "Arabian Standard Time"),
    ("(UTC+04:00) Astrakhan, Ulyanovsk", "Astrakhan Standard Time"),
    ("(UTC+04:00) Baku", "Azerbaijan Standard Time"),
    ("(UTC+04:00) Izhevsk, Samara", "Russia Time Zone 3"),
    ("(UTC+04:00) Izhevsk, Samara (RTZ 3)", "Russia Time Zone 3"),
    ("(UTC+04:00) Moscow, St. Petersburg, Volgograd", "Russian Standard Time"),
    ("(UTC+04:00) Port Louis", "Mauritius Standard Time"),
    ("(UTC+04:00) Saratov", "Saratov Standard Time"),
    ("(UTC+04:00) Tbilisi", "Georgian Standard Time"),
    ("(UTC+04:00) Volgograd", "Volgograd Standard Time"),
    ("(UTC+04:00) Yerevan", "Caucasus Standard Time"),
    ("(UTC+04:30) Kabul", "Afghanistan Standard Time"),
    ("(UTC+05:00) Ashgabat, Tashkent", "West Asia Standard Time"),
    ("(UTC+05:00) Astana", "Qyzylorda Standard Time"),
    ("(UTC+05:00) Ekaterinburg", "Ekaterinburg Standard Time"),
    ("(UTC+05:00) Ekaterinburg (RTZ 4)", "Ekaterinburg Standard Time"),
    ("(UTC+05:00) Islamabad, Karachi", "Pakistan Standard Time"),
    ("(UTC+05:00) Islamabad, Karachi, Tashkent", "West Asia Standard Time"),
    ("(UTC+05:00) Qyzylorda", "Qyzylorda Standard Time"),
    ("(UTC+05:00) Tashkent", "West Asia Standard Time"),
    ("(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", "India Standard Time"),
    ("(UTC+05:30) Sri Jayawardenepura", "Sri Lanka Standard Time"),
    ("(UTC+05:45) Kathmandu", "Nepal Standard Time"),
    ("(UTC+06:00) Almaty, Novosibirsk", "N. Central Asia Standard Time"),
    ("(UTC+06:00) Astana", "Central Asia Standard Time"),
    ("(UTC+06:00) Astana, Dhaka", "Central Asia Standard Time"),
    ("(UTC+06:00) Bishkek", "Central Asia Standard Time"),
    ("(UTC+06:00) Dhaka", "Bangladesh Standard Time"),
    ("(UTC+06:00) Ekaterinburg", "Ekaterinburg Standard Time"),
    ("(UTC+06:00) Novosibirsk", "N. Central Asia Standard Time"),
    ("(UTC+06:00) Novosibirsk (RTZ 5)", "N. Central Asia Standard Time"),
    ("(UTC+06:00) Omsk", "Omsk Standard Time"),
    ("(UTC+06:30) Yangon (Rangoon)", "Myanmar Standard Time"),
    ("(UTC+07:00) Bangkok, Hanoi, Jakarta", "SE Asia Standard Time"),
    ("(UTC+07:00) Barnaul, Gorno-Altaysk", "Altai Standard Time"),
    ("(UTC+07:00) Hovd", "W. Mongolia Standard Time"),
    ("(UTC+07:00) Krasnoyarsk", "North Asia Standard Time"),
    ("(UTC+07:00) Krasnoyarsk (RTZ 6)", "North Asia Standard Time"),
    ("(UTC+07:00) Novosibirsk", "N. Central Asia Standard Time"),
    ("(UTC+07:00) Tomsk", "Tomsk Standard Time"),
    ("(UTC+08:00) Beijing, Chongqing, Hong Kong SAR, Urumqi", "China Standard Time"),
    ("(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi", "China Standard Time"),
    ("(UTC+08:00) Irkutsk", "North Asia East Standard Time"),
    ("(UTC+08:00) Irkutsk (RTZ 7)", "North Asia East Standard Time"),
    ("(UTC+08:00) Irkutsk, Ulaan Bataar", "North Asia East Standard Time"),
    ("(UTC+08:00) Krasnoyarsk", "North Asia Standard Time"),
    ("(UTC+08:00) Kuala Lumpur, Singapore", "Singapore Standard Time"),
    ("(UTC+08:00) Perth", "W. Australia Standard Time"),
    ("(UTC+08:00) Taipei", "Taipei Standard Time"),
    ("(UTC+08:00) Ulaanbaatar", "Ulaanbaatar Standard Time"),
    ("(UTC+08:30) Pyongyang", "North Korea Standard Time"),
    ("(UTC+08:45) Eucla", "Aus Central W. Standard Time"),
    ("(UTC+09:00) Chita", "Transbaikal Standard Time"),
    ("(UTC+09:00) Irkutsk", "North Asia East Standard Time"),
    ("(UTC+09:00) Osaka, Sapporo, Tokyo", "Tokyo Standard Time"),
    ("(UTC+09:00) Pyongyang", "North Korea Standard Time"),
    ("(UTC+09:00) Seoul", "Korea Standard Time"),
    ("(UTC+09:00) Yakutsk", "Yakutsk Standard Time"),
    ("(UTC+09:00) Yakutsk (RTZ 8)", "Yakutsk Standard Time"),
    ("(UTC+09:30) Adelaide", "Cen. Australia Standard Time"),
    ("(UTC+09:30) Darwin", "AUS Central Standard Time"),
    ("(UTC+10:00) Brisbane", "E. Australia Standard Time"),
    ("(UTC+10:00) Canberra, Melbourne, Sydney", "AUS Eastern Standard Time"),
    ("(UTC+10:00) Guam, Port Moresby", "West Pacific Standard Time"),
    ("(UTC+10:00) Hobart", "Tasmania Standard Time"),
    ("(UTC+10:00) Magadan", "Magadan Standard Time"),
    ("(UTC+10:00) Vladivostok", "Vladivostok Standard Time"),
    ("(UTC+10:00) Vladivostok, Magadan (RTZ 9)", "Vladivostok Standard Time"),
    ("(UTC+10:00) Yakutsk", "Yakutsk Standard Time"),
    ("(UTC+10:30) Lord Howe Island", "Lord Howe Standard Time"),
    ("(UTC+11:00) Bougainville Island", "Bougainville Standard Time"),
    ("(UTC+11:00) Chokurdakh", "Russia Time Zone 10"),
    ("(UTC+11:00) Chokurdakh (RTZ 10)", "Russia Time Zone 10"),
    ("(UTC+11:00) Magadan", "Magadan Standard Time"),
    ("(UTC+11:00) Magadan, Sakhalin", "Magadan Standard Time"),
    ("(UTC+11:00) Magadan, Solomon Is., New Caledonia", "Central Pacific Standard Time"),
    ("(UTC+11:00) Norfolk Island", "Norfolk Standard Time"),
    ("(UTC+11:00) Sakhalin", "Sakhalin Standard Time"),
    ("(UTC+11:00) Solomon Is., New Caledonia", "Central Pacific Standard Time"),
    ("(UTC+11:00) Vladivostok", "Vladivostok Standard Time"),
    ("(UTC+12:00) Anadyr, Petropavlovsk-Kamchatsky", "Russia Time Zone 11"),
    ("(UTC+12:00) Anadyr, Petropavlovsk-Kamchatsky (RTZ 11)", "Russia Time Zone 11"),
    ("(UTC+12:00) Auckland, Wellington", "New Zealand Standard Time"),
    ("(UTC+12:00) Co-ordinated Universal Time+12", "UTC+12"),
    ("(UTC+12:00) Coordinated Universal Time+12", "UTC+12"),
    ("(UTC+12:00) Fiji", "Fiji Standard Time"),
    ("(UTC+12:00) Fiji, Kamchatka, Marshall Is.", "Fiji Standard Time"),
    ("(UTC+12:00) Fiji, Marshall Is.", "Fiji Standard Time"),
    ("(UTC+12:00) Magadan", "Magadan Standard Time"),
    ("(UTC+12:45) Chatham Islands", "Chatham Islands Standard Time"),
    ("(UTC+13:00) Co-ordinated Universal Time+13", "UTC+13"),
    ("(UTC+13:00) Coordinated Universal Time+13", "UTC+13"),
    ("(UTC+13:00) Nuku'alofa", "Tonga Standard Time"),
    ("(UTC+13:00) Samoa", "Samoa Standard Time"),
    ("(UTC+14:00) Kiritimati Island", "Line Islands Standard Time"),
    ("(UTC-01:00) Azores", "Azores Standard Time"),
    ("(UTC-01:00) Cabo Verde Is.", "Cape Verde Standard Time"),
    ("(UTC-02:00) Co-ordinated Universal Time-02", "UTC-02"),
    ("(UTC-02:00) Coordinated Universal Time-02", "UTC-02"),
    ("(UTC-02:00) Greenland", "Greenland Standard Time"),
    ("(UTC-03:00) Araguaina", "Tocantins Standard Time"),
    ("(UTC-03:00) Asuncion", "Paraguay Standard Time"),
    ("(UTC-03:00) Brasilia", "E. South America Standard Time"),
    ("(UTC-03:00) Buenos Aires", "Argentina Standard Time"),
    ("(UTC-03:00) Buenos Aires, Georgetown", "SA Eastern Standard Time"),
    ("(UTC-03:00) Cayenne", "SA Eastern Standard Time"),
    ("(UTC-03:00) Cayenne, Fortaleza", "SA Eastern Standard Time"),
    ("(UTC-03:00) City of Buenos Aires", "Argentina Standard Time"),
    ("(UTC-03:00) Georgetown", "SA Eastern Standard Time"),
    ("(UTC-03:00) Greenland", "Greenland Standard Time"),
    ("(UTC-03:00) Montevideo", "Montevideo Standard Time"),
    ("(UTC-03:00) Punta Arenas", "Magallanes Standard Time"),
    ("(UTC-03:00) Saint Pierre and Miquelon", "Saint Pierre Standard Time"),
    ("(UTC-03:00) Salvador", "Bahia Standard Time"),
    ("(UTC-03:00) Santiago", "Pacific SA Standard Time"),
    ("(UTC-03:30) Newfoundland", "Newfoundland Standard Time"),
    ("(UTC-04:00) Asuncion", "Paraguay Standard Time"),
    ("(UTC-04:00) Atlantic Time (Canada)", "Atlantic Standard Time"),
    ("(UTC-04:00) Caracas", "Venezuela Standard Time"),
    ("(UTC-04:00) Caracas, La Paz", "SA Western Standard Time"),
    ("(UTC-04:00) Cuiaba", "Central Brazilian Standard Time"),
    ("(UTC-04:00) Georgetown, La Paz, Manaus, San Juan", "SA Western Standard Time"),
    ("(UTC-04:00) Georgetown, La Paz, San Juan", "SA Western Standard Time"),
    ("(UTC-04:00) La Paz", "SA Western Standard Time"),
    ("(UTC-04:00) Manaus", "Central Brazilian Standard Time"),
    ("(UTC-04:00) Santiago", "Pacific SA Standard Time"),
    ("(UTC-04:00) Turks and Caicos", "Turks And Caicos Standard Time"),
    ("(UTC-04:30) Caracas", "Venezuela Standard Time"),
    ("(UTC-05:00) Bogota, Lima, Quito", "SA Pacific Standard Time"),
    ("(UTC-05:00) Bogota, Lima, Quito, Rio Branco", "SA Pacific Standard Time"),
    ("(UTC-05:00) Chetumal", "Eastern Standard Time (Mexico)"),
    ("(UTC-05:00) Eastern Time (US & Canada)", "Eastern Standard Time"),
    ("(UTC-05:00) Haiti", "Haiti Standard Time"),
    ("(UTC-05:00) Havana", "Cuba Standard Time"),
    ("(UTC-05:00) Indiana (East)", "US Eastern Standard Time"),
    ("(UTC-05:00) Turks and Caicos", "Turks And Caicos Standard Time"),
    ("(UTC-06:00) Central America", "Central America Standard Time"),
    ("(UTC-06:00) Central Time (US & Canada)", "Central Standard Time"),
    ("(UTC-06:00) Easter Island", "Easter Island Standard Time"),
    ("(UTC-06:00) Guadalajara, Mexico City, Monterrey", "Central Standard Time (Mexico)"),
    ("(UTC-06:00) Saskatchewan", "Canada Central Standard Time"),
    ("(UTC-07:00) Arizona", "US Mountain Standard Time"),
    ("(UTC-07:00) Chihuahua, La Paz, Mazatlan", "Mountain Standard Time (Mexico)"),
    ("(UTC-07:00) La Paz, Mazatlan", "Mountain Standard Time (Mexico)"),
    ("(UTC-07:00) Mountain Time (US & Canada)", "Mountain Standard Time"),
    ("(UTC-07:00) Yukon", "Yukon Standard Time"),
    ("(UTC-08:00) Baja California", "Pacific Standard Time (Mexico)"),
    ("(UTC-08:00) Co-ordinated Universal Time-08", "UTC-08"),
    ("(UTC-08:00) Coordinated Universal Time-08", "UTC-08"),
    ("(UTC-08:00) Pacific Time (US & Canada)", "Pacific Standard Time"),
    ("(UTC-08:00) Tijuana, Baja California", "Pacific Standard Time (Mexico)"),
    ("(UTC-08:00) Yukon", "Yukon Standard Time"),
    ("(UTC-09:00) Alaska", "Alaskan Standard Time"),
    ("(UTC-09:00) Co-ordinated Universal Time-09", "UTC-09"),
    ("(UTC-09:00) Coordinated Universal Time-09", "UTC-09"),
    ("(UTC-09:30) Marquesas Islands", "Marquesas Standard Time"),
    ("(UTC-10:00) Aleutian Islands", "Aleutian Standard Time"),
    ("(UTC-10:00) Hawaii", "Hawaiian Standard Time"),
    ("(UTC-11:00) Co-ordinated Universal Time-11", "UTC-11"),
    ("(UTC-11:00) Coordinated Universal Time-11", "UTC-11"),
    ("(UTC-11:00) Midway Island, Samoa", "Samoa Standard Time"),
    ("(UTC-11:00) Samoa", "Samoa Standard Time"),
    ("(UTC-12:00) International Date Line West", "Dateline Standard Time"),
];

/// The table in normal form, sorted by it; names that normalise alike
/// (they belong to one zone, a test checks it) kept once.
static NORMALIZED: LazyLock<Vec<(String, &'static str)>> = LazyLock::new(|| {
    let mut table: Vec<_> = DISPLAY_NAMES
        .iter()
        .map(|&(name, id)| (normalize(name), id))
        .collect();
    table.sort_unstable();
    table.dedup_by(|a, b| a.0 == b.0);
    table
});

/// The Windows zone id ("W. Europe Standard Time") for a Windows display name
/// ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"), current or older spelling.
pub(crate) fn windows_id_for_display_name(name: &str) -> Option<&'static str> {
    let key = normalize(name);
    let table = &*NORMALIZED;
    let i = table.binary_search_by(|(k, _)| k.as_str().cmp(&key)).ok()?;
    Some(table[i].1)
}

/// The Windows zone id for the start of a display name, as left by a parser
/// that cut an unquoted TZID at its first comma or colon ("(UTC+01:00)
/// Amsterdam"): answers only when every display name that starts that way
/// belongs to one zone ("(UTC+01:00)" alone → `None`).
pub(crate) fn windows_id_for_display_prefix(prefix: &str) -> Option<&'static str> {
    let key = normalize(prefix);
    if key.is_empty() {
        return None;
    }
    let table = &*NORMALIZED;
    let start = table.partition_point(|(k, _)| k.as_str() < key.as_str());
    let mut ids = table[start..]
        .iter()
        .take_while(|(k, _)| k.starts_with(&key))
        .map(|&(_, id)| id);
    let first = ids.next()?;
    ids.all(|id| id == first).then_some(first)
}

/// The comparison form of a display name: lower case, `GMT` read as `UTC`,
/// the offset written `utc+0100` (`utc` when zero), then only the letters
/// and digits of the rest, `&` read as `and`. So surrounding quotes, spacing,
/// punctuation and "US & Canada" / "US and Canada" do not matter.
fn normalize(name: &str) -> String {
    let name = name.trim().trim_matches(['"', '\'']).trim().to_lowercase();
    let body = name.trim_start_matches(['(', ' ', '\t']);
    let (mut out, rest) = match body.get(..3) {
        Some("utc" | "gmt") => offset(&body[3..]),
        _ => (String::new(), body),
    };
    for c in rest.chars() {
        if c == '&' {
            out.push_str("and");
        } else if c.is_alphanumeric() {
            out.push(c);
        }
    }
    out
}

/// What follows `UTC`/`GMT`: `+01:00) Amsterdam` → (`utc+0100`, ` Amsterdam`),
/// `) Coordinated…` → (`utc`, ` Coordinated…`). An offset cut short (`+01`)
/// keeps its sign and leaves its digits to the plain filter, so it stays a
/// prefix of the whole one.
fn offset(after: &str) -> (String, &str) {
    let t = after.trim_start();
    let Some(sign) = t.chars().next().filter(|c| matches!(c, '+' | '-')) else {
        return ("utc".into(), close(t));
    };
    match hours_minutes(&t[1..]) {
        Some((0, 0, rest)) => ("utc".into(), close(rest)),
        Some((h, m, rest)) => (format!("utc{sign}{h:02}{m:02}"), close(rest)),
        None => (format!("utc{sign}"), &t[1..]),
    }
}

/// `01:00) …` or `1.00 …` → (1, 0, the rest); `None` unless whole.
fn hours_minutes(t: &str) -> Option<(u32, u32, &str)> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let h_len = digits(t);
    if !(1..=2).contains(&h_len) {
        return None;
    }
    let rest = t[h_len..].strip_prefix([':', '.'])?;
    if digits(rest) != 2 {
        return None;
    }
    Some((
        t[..h_len].parse().ok()?,
        rest[..2].parse().ok()?,
        &rest[2..],
    ))
}

/// Skips the `)` that closes the offset.
fn close(t: &str) -> &str {
    let t = t.trim_start();
    t.strip_prefix(')').unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Tz;
    use std::collections::{HashMap, HashSet};
    use windows_timezones::WindowsTimezone;

    fn tz(id: &str) -> Tz {
        id.parse::<WindowsTimezone>().unwrap().into()
    }

    const AMSTERDAM: &str = "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna";

    #[test]
    fn amsterdam_is_w_europe_and_berlin() {
        let id = windows_id_for_display_name(AMSTERDAM);
        assert_eq!(id, Some("W. Europe Standard Time"));
        assert_eq!(tz(id.unwrap()), chrono_tz::Europe::Berlin);
    }

    #[test]
    fn eastern_is_new_york() {
        let id = windows_id_for_display_name("(UTC-05:00) Eastern Time (US & Canada)");
        assert_eq!(id, Some("Eastern Standard Time"));
        assert_eq!(tz(id.unwrap()), chrono_tz::America::New_York);
    }

    #[test]
    fn old_and_other_spellings() {
        let cases = [
            (
                "(GMT-08:00) Pacific Time (US & Canada); Tijuana",
                "Pacific Standard Time",
            ),
            (
                "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi",
                "India Standard Time",
            ),
            (
                "(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
                "W. Europe Standard Time",
            ),
            ("(UTC) Coordinated Universal Time", "UTC"),
            ("(UTC) Co-ordinated Universal Time", "UTC"),
            (
                "(UTC-07:00) Chihuahua, La Paz, Mazatlan",
                "Mountain Standard Time (Mexico)",
            ),
            (
                "(UTC-07:00) La Paz, Mazatlan",
                "Mountain Standard Time (Mexico)",
            ),
            (
                "(UTC+02:00) Athens, Bucharest, Istanbul",
                "GTB Standard Time",
            ),
            ("(UTC+02:00) Athens, Bucharest", "GTB Standard Time"),
            ("(UTC+03:00) Istanbul", "Turkey Standard Time"),
            (
                "(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London",
                "GMT Standard Time",
            ),
            (
                "(UTC+00:00) Dublin, Edinburgh, Lisbon, London",
                "GMT Standard Time",
            ),
            (
                "(UTC) Dublin, Edinburgh, Lisbon, London",
                "GMT Standard Time",
            ),
            ("(UTC+06:00) Astana", "Central Asia Standard Time"),
            ("(UTC+05:00) Astana", "Qyzylorda Standard Time"),
            ("(UTC+03:00) Moscow, St Petersburg", "Russian Standard Time"),
        ];
        for (name, id) in cases {
            assert_eq!(windows_id_for_display_name(name), Some(id), "{name}");
        }
    }

    #[test]
    fn tolerant_of_what_producers_do() {
        for name in [
            "\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\"",
            "(UTC+01:00)Amsterdam,Berlin,Bern,Rome,Stockholm,Vienna",
            "(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
            "  (UTC +01:00)   Amsterdam,  Berlin, Bern,\tRome, Stockholm, Vienna ",
            "(utc+01:00) AMSTERDAM, BERLIN, BERN, ROME, STOCKHOLM, VIENNA",
            "(GMT+1.00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
        ] {
            assert_eq!(
                windows_id_for_display_name(name),
                Some("W. Europe Standard Time"),
                "{name}"
            );
        }
        assert_eq!(
            windows_id_for_display_name("(UTC-06:00) Central Time (US and Canada)"),
            Some("Central Standard Time")
        );
    }

    #[test]
    fn unknown_names() {
        for name in [
            "(UTC+01:00) Atlantis",
            "(UTC+02:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
            "Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
            "(UTC-02:00) Mid-Atlantic - Old",
            "W. Europe Standard Time",
            "",
        ] {
            assert_eq!(windows_id_for_display_name(name), None, "{name}");
        }
    }

    #[test]
    fn prefixes() {
        let p = windows_id_for_display_prefix;
        assert_eq!(p("(UTC+01:00) Amsterdam"), Some("W. Europe Standard Time"));
        assert_eq!(p("(GMT+01:00) Amsterdam"), Some("W. Europe Standard Time"));
        assert_eq!(p("\"(UTC-05:00) Bogota"), Some("SA Pacific Standard Time"));
        assert_eq!(p("(UTC+02:00) Athens"), Some("GTB Standard Time"));
        assert_eq!(p(AMSTERDAM), Some("W. Europe Standard Time"));
        // Several zones start that way.
        assert_eq!(p("(UTC+01:00)"), None);
        assert_eq!(p("(UTC+01"), None);
        assert_eq!(p("(UTC"), None);
        assert_eq!(p(""), None);
        // "Islamabad, Karachi" (Pakistan) or "Islamabad, Karachi, Tashkent" (West Asia).
        assert_eq!(p("(UTC+05:00) Islamabad"), None);
        assert_eq!(p("(UTC+01:00) Atlantis"), None);
    }

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(DISPLAY_NAMES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn names_that_normalise_alike_agree() {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for &(name, id) in DISPLAY_NAMES {
            let other = *seen.entry(normalize(name)).or_insert(id);
            assert_eq!(other, id, "{name}");
        }
    }

    #[test]
    fn every_id_is_a_windows_zone_with_an_iana_zone() {
        for &(name, id) in DISPLAY_NAMES {
            let win: WindowsTimezone = id.parse().unwrap_or_else(|_| panic!("{id} ({name})"));
            let _: Tz = win.into();
        }
    }

    #[test]
    fn every_windows_zone_is_covered() {
        let ids: HashSet<&str> = DISPLAY_NAMES.iter().map(|&(_, id)| id).collect();
        let zones: HashMap<&str, WindowsTimezone> = chrono_tz::TZ_VARIANTS
            .iter()
            .filter_map(|&tz| WindowsTimezone::try_from(tz).ok())
            .map(|zone| (zone.name(), zone))
            .collect();
        assert_eq!(zones.len(), ids.len());
        for zone in zones.into_values() {
            assert!(ids.contains(zone.name()), "{}", zone.name());
            // The crate's own display name resolves to the zone.
            assert_eq!(
                windows_id_for_display_name(zone.description()),
                Some(zone.name()),
                "{}",
                zone.description()
            );
        }
    }
}
