//! Writes a synthetic ACLED CSV export of about N megabytes, for measuring
//! `annals import acled` on large input:
//! `cargo run --release --example gen_acled -- OUT.csv 200`.

use std::io::{BufWriter, Write};

const HEADER: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).map_or("acled-large.csv", String::as_str);
    let megabytes: u64 = args.get(2).and_then(|m| m.parse().ok()).unwrap_or(200);
    let target = megabytes * 1_000_000;
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "{HEADER}")?;
    let mut written = HEADER.len() as u64 + 1;
    let kinds = [
        ("Demonstrations", "Protests", "Peaceful protest"),
        ("Demonstrations", "Riots", "Violent demonstration"),
        ("Political violence", "Battles", "Armed clash"),
    ];
    let mut i: u64 = 0;
    while written < target {
        let (disorder, kind, sub) = kinds[(i % 3) as usize];
        let day = i % 28 + 1;
        let month = i / 28 % 12 + 1;
        let year = 2000 + i / 336 % 24;
        let county = i % 47;
        let line = format!(
            "KEN{i},{year}-{month:02}-{day:02},{year},1,{disorder},{kind},{sub},Protesters (Kenya),Group {g},6,Police Forces of Kenya (2022-),,1,16,,404,Eastern Africa,Kenya,County {county},District {county}-{d},Ward {county}-{d}-{w},Town {county}-{d}-{w},-1.{i:04},36.{day:04},1,Daily Nation; The Star (Kenya),National,\"Row {i}: supporters marched against the cost of living; police called it \"\"illegal\"\" and used tear gas.\",{f},crowd size=hundreds,{t}\n",
            g = i % 100,
            d = i % 5,
            w = i % 3,
            f = i % 4,
            t = 1_680_000_000 + i,
        );
        out.write_all(line.as_bytes())?;
        written += line.len() as u64;
        i += 1;
    }
    out.flush()?;
    eprintln!("{path}: {i} rows, {written} bytes");
    Ok(())
}
