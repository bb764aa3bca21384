"""Builds the curated carbon tables shipped in `reports/carbon/data/` from the raw upstream files.

    python -m reports.carbon.build /path/to/shared/data/carbon      # rewrites reports/carbon/data/*.csv

Inputs (unmodified upstream files, see data/README.md): Cloud Carbon Footprint's grid factors, CPU coefficients
and instance lists (Apache-2.0), codecarbon's Google region values and per-country intensities (MIT; the
country values come from Our World in Data / Ember, CC BY 4.0). The upstream defects are repaired here, each
repair counted and written into the row's `note`, never silently:

* CCF Azure rows name regions by display name (`East US`): mapped to ARM ids (`eastus`), every one checked
  against our region list, so an unknown name stops the build;
* CCF values that lost their leading `0.` (`000077` for 0.000077 t/kWh) are read as such; a value that still
  falls outside (0, 1200] g/kWh after conversion stops the build;
* comma decimals (`0,29`) in the instance lists; the UTF-8 byte-order mark of codecarbon's `impact.csv`; its
  region typo `me-cenrtal1`.

Outputs: `region_carbon.csv` (one row per provider, FOCUS RegionId, year), `providers.csv` (PUE and average
watts per vCPU), `cpu_coefficients.csv` (min/max watts per vCPU and GB per chip, per microarchitecture) and
`instance_types.csv` (vCPUs, memory and the derived watts per vCPU of every instance type).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from reports.carbon.regions import REGIONS, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_G_PER_KWH = Decimal(1200)

CCF_LICENSE = "Apache-2.0"
CODECARBON_LICENSE = "MIT"
OWID_LICENSE = "MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)"
CCF_YEAR = 2021  # the grid factors date from about 2021 (EPA eGRID2020, EEA, carbonfootprint.com)
GOOGLE_YEAR = 2024  # Google's published region values as codecarbon carries them

# Cloud Carbon Footprint's methodology: PUE per provider (Azure: 1.185 fleet average in the text, 1.125 for the
# latest designs in the appendix: the band keeps both) and the average min/max watts per vCPU used when the
# microarchitecture is unknown.
PROVIDERS = {
    "aws": {"focus_names": "AWS|Amazon Web Services|Amazon", "pue": "1.135", "pue_low": "1.135",
            "pue_high": "1.135", "min_watts": "0.74", "max_watts": "3.5"},
    "azure": {"focus_names": "Microsoft|Azure|Microsoft Azure", "pue": "1.185", "pue_low": "1.125",
              "pue_high": "1.185", "min_watts": "0.78", "max_watts": "3.76"},
    "gcp": {"focus_names": "Google Cloud|GCP|Google|Google Cloud Platform", "pue": "1.1", "pue_low": "1.1",
            "pue_high": "1.1", "min_watts": "0.71", "max_watts": "4.26"},
}

# AWS lists the CPU model; CCF's coefficients are per microarchitecture (Intel ARK / AMD generations).
AWS_CPU_ARCHITECTURE = {
    "Graviton": "Graviton2",  # no Graviton (1) coefficients upstream: Graviton2's, an approximation
    "Graviton2": "Graviton2",
    "Core i7-8700B": "Coffee Lake",
    "EPYC 7571": "EPYC 1st Gen",
    "EPYC 7R32": "EPYC 2nd Gen",
    "Xeon E5-2650": "Sandy Bridge",
    "Xeon E5-2665": "Sandy Bridge",
    "Xeon E5-2670": "Sandy Bridge",
    "Xeon E5-2651 v2": "Ivy Bridge",
    "Xeon E5-2670 v2": "Ivy Bridge",
    "Xeon E5-2680 v2": "Ivy Bridge",
    "Xeon E5-2666 v3": "Haswell",
    "Xeon E5-2676 v3": "Haswell",
    "Xeon E7-8880 v3": "Haswell",
    "Xeon E5-2686 v4": "Broadwell",
    "Xeon Platinum 8124M": "Skylake",
    "Xeon Platinum 8151": "Skylake",
    "Xeon Platinum 8175M": "Skylake",
    "Xeon Platinum 8176M": "Skylake",
    "Xeon Platinum 8252C": "Cascade Lake",
    "Xeon Platinum 8259CL": "Cascade Lake",
    "Xeon Platinum 8275CL": "Cascade Lake",
    "Xeon Platinum 8375C": "Ice Lake",
}
SINGLE_SOCKET = ("Graviton", "Core i7")  # platforms with one CPU package; every other is taken as two

REGION_COLUMNS = ("provider", "region_id", "year", "g_per_kwh", "pue", "basis", "country", "location", "em_zone",
                  "watttime_region", "emission_factor_type", "source", "license", "note")
PROVIDER_COLUMNS = ("provider", "focus_names", "pue", "pue_low", "pue_high", "min_watts", "max_watts",
                    "min_watts_low", "max_watts_low", "min_watts_high", "max_watts_high", "source")
COEFFICIENT_COLUMNS = ("provider", "microarchitecture", "min_watts", "max_watts", "gb_per_chip")
INSTANCE_COLUMNS = ("provider", "instance_type", "vcpus", "memory_gb", "platform_vcpus", "platform_memory_gb",
                    "microarchitectures", "min_watts", "max_watts", "min_watts_low", "max_watts_low",
                    "min_watts_high", "max_watts_high", "extra_memory_gb")


class BuildError(ValueError):
    """An upstream value the build cannot repair with a known rule."""


@dataclass
class Report:
    """What the build repaired, by kind, so the maintainer sees every fix."""

    fixes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def fix(self, kind: str, what: str) -> None:
        self.fixes[kind].append(what)


def decimal_text(text: str, where: str, report: Report) -> Decimal:
    """A plain decimal; repairs comma decimals (`0,29`). Anything else that is not a number is a BuildError."""
    raw = text.strip()
    if re.fullmatch(r"-?\d+,\d+", raw):
        report.fix("comma decimal", f"{where}: {raw!r}")
        raw = raw.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", raw):
        raise BuildError(f"{where}: not a number: {text!r}")
    try:
        return Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above admits only valid decimals
        raise BuildError(f"{where}: not a number: {text!r}") from exc


def tonnes_per_kwh(text: str, where: str, report: Report) -> tuple[Decimal, str]:
    """CCF's `CO2e (metric ton/kWh)` as g/kWh, repairing the values that lost their leading `0.`."""
    raw = text.strip()
    note = ""
    if re.fullmatch(r"0\d+", raw):  # `000077`: 0.000077 with its `0.` dropped
        fixed = "0." + raw
        report.fix("missing leading 0.", f"{where}: {raw!r} -> {fixed!r}")
        note = f"upstream value {raw!r} lacked its leading '0.'; read as {fixed}"
        raw = fixed
    value = decimal_text(raw, where, report) * 1_000_000
    return check_intensity(value, where), note


def check_intensity(value: Decimal, where: str) -> Decimal:
    if not Decimal(0) < value <= MAX_G_PER_KWH:
        raise BuildError(f"{where}: {value} g/kWh is outside (0, {MAX_G_PER_KWH}]")
    return value


def number(value: Decimal | float) -> str:
    """Plain decimal text without exponent or trailing zeros (what the data-quality test accepts)."""
    d = value if isinstance(value, Decimal) else Decimal(repr(round(value, 6)))
    text = format(d.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _read_csv(path: Path, report: Report) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    if text.startswith("\ufeff"):
        report.fix("byte-order mark", path.name)
        text = text[1:]
    return list(csv.DictReader(text.splitlines()))


def _index(regions: Iterable[Region]) -> dict[str, Region]:
    return {r.region_id: r for r in regions}


def azure_region_id(display_name: str) -> str:
    """`Germany West Central` -> `germanywestcentral` (ARM's rule for every region CCF lists)."""
    return re.sub(r"\s+", "", display_name).lower()


def _ccf_rows(source: Path, report: Report) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for provider in ("aws", "azure", "gcp"):
        known = _index(REGIONS[provider])
        path = source / "ccf" / f"grid-emissions-factors-{provider}.csv"
        for i, raw in enumerate(_read_csv(path, report), start=2):
            where = f"{path.name}:{i}"
            name = raw["Region"].strip()
            region_id = azure_region_id(name) if provider == "azure" else name
            if provider == "azure":
                report.fix("Azure display name", f"{name!r} -> {region_id!r}")
            if region_id not in known:
                raise BuildError(f"{where}: region {name!r} ({region_id}) is not in reports/carbon/regions.py")
            value, note = tonnes_per_kwh(raw["CO2e (metric ton/kWh)"], where, report)
            cited = raw["Source"].strip()
            region = known[region_id]
            rows.append(_region_row(provider, region, CCF_YEAR, value, "region",
                                    "direct" if cited in ("EPA", "EEA") else "unspecified",
                                    f"Cloud Carbon Footprint grid-emissions-factors-{provider}.csv ({cited})",
                                    CCF_LICENSE, note))
    return rows


def _google_rows(source: Path, report: Report) -> list[dict[str, str]]:
    known = _index(REGIONS["gcp"])
    rows = []
    path = source / "codecarbon" / "impact.csv"
    for i, raw in enumerate(_read_csv(path, report), start=2):
        if raw["provider"].strip() != "gcp":
            continue
        where = f"{path.name}:{i}"
        region_id, note = raw["region"].strip(), ""
        if region_id == "me-cenrtal1":
            report.fix("region typo", f"{where}: 'me-cenrtal1' -> 'me-central1'")
            region_id, note = "me-central1", "upstream region id misspelt 'me-cenrtal1'"
        if region_id not in known:
            raise BuildError(f"{where}: region {region_id!r} is not in reports/carbon/regions.py")
        value = check_intensity(decimal_text(raw["impact"], where, report), where)
        rows.append(_region_row("gcp", known[region_id], GOOGLE_YEAR, value, "region", "lifecycle",
                                "Google Cloud region carbon data via codecarbon impact.csv", CODECARBON_LICENSE,
                                note))
    return rows


def _country_rows(source: Path, covered: set[tuple[str, str]], report: Report) -> list[dict[str, str]]:
    """One country-level row for every listed region that no regional dataset covers."""
    mix = json.loads((source / "codecarbon" / "global_energy_mix.json").read_text(encoding="utf-8"))
    rows = []
    for provider, regions in REGIONS.items():
        for region in regions:
            if (provider, region.region_id) in covered:
                continue
            entry = mix.get(region.country)
            if not isinstance(entry, dict):
                raise BuildError(f"{provider}/{region.region_id}: no country value for {region.country}")
            where = f"global_energy_mix.json:{region.country}"
            value = check_intensity(decimal_text(str(entry["carbon_intensity"]), where, report), where)
            rows.append(_region_row(provider, region, int(entry["year"]), value, "country", "lifecycle",
                                    f"country average of {entry['country_name']}: codecarbon global_energy_mix.json "
                                    "(Our World in Data / Ember)", OWID_LICENSE, ""))
    return rows


def _region_row(provider: str, region: Region, year: int, value: Decimal, basis: str, factor: str, source: str,
                license_: str, note: str) -> dict[str, str]:
    return {
        "provider": provider, "region_id": region.region_id, "year": str(year), "g_per_kwh": number(value),
        "pue": PROVIDERS[provider]["pue"], "basis": basis, "country": region.country, "location": region.location,
        "em_zone": region.em_zone, "watttime_region": region.watttime_region, "emission_factor_type": factor,
        "source": source, "license": license_, "note": note,
    }


@dataclass(frozen=True)
class Coefficient:
    min_watts: float
    max_watts: float
    gb_per_chip: float


def _coefficients(source: Path, report: Report) -> dict[str, dict[str, Coefficient]]:
    out: dict[str, dict[str, Coefficient]] = {}
    for provider in ("aws", "azure", "gcp"):
        path = source / "ccf" / f"coefficients-{provider}-use.csv"
        out[provider] = {}
        for i, raw in enumerate(_read_csv(path, report), start=2):
            where = f"{path.name}:{i}"
            out[provider][raw["Architecture"].strip()] = Coefficient(
                float(decimal_text(raw["Min Watts"], where, report)),
                float(decimal_text(raw["Max Watts"], where, report)),
                float(decimal_text(raw["GB/Chip"], where, report)),
            )
    return out


@dataclass(frozen=True)
class Instance:
    provider: str
    instance_type: str
    vcpus: Decimal
    memory_gb: Decimal
    platform_vcpus: Decimal
    platform_memory_gb: Decimal
    architectures: tuple[str, ...]  # empty: unknown
    chips: int


def instance_key(provider: str, raw: str) -> str:
    """The lookup key of an instance type, as the SQL function `finops.carbon_instance_key` computes it:
    lower-case; Azure's `Standard_D2s_v3` and `D2s v3` both become `d2s v3`."""
    key = raw.strip().lower()
    if provider == "azure":
        key = re.sub(r"^(standard|basic)_", "", key)
        key = re.sub(r"[\s_]+", " ", key).strip()
    return key


def _instances(source: Path, report: Report) -> list[Instance]:
    found: dict[tuple[str, str], Instance] = {}
    path = source / "ccf" / "aws-instances.csv"
    for i, raw in enumerate(_read_csv(path, report), start=2):
        where = f"{path.name}:{i}"
        cpu = raw["Platform CPU Name"].strip()
        if cpu not in AWS_CPU_ARCHITECTURE:
            raise BuildError(f"{where}: CPU {cpu!r} has no microarchitecture in AWS_CPU_ARCHITECTURE")
        key = instance_key("aws", raw["Instance type"])
        found[("aws", key)] = Instance(
            "aws", key,
            _vcpus(raw["Instance vCPU"], raw["Instance type"], where, report),
            decimal_text(raw["Instance Memory (in GB)"], where, report),
            decimal_text(raw["Platform Total Number of vCPU"], where, report),
            decimal_text(raw["Platform Memory (in GB)"], where, report),
            (AWS_CPU_ARCHITECTURE[cpu],),
            1 if cpu.startswith(SINGLE_SOCKET) else 2,
        )
    for provider, name_col in (("azure", "Virtual Machine"), ("gcp", "Machine type")):
        path = source / "ccf" / f"{provider}-instances.csv"
        archs: dict[str, set[str]] = defaultdict(set)
        rows: dict[str, dict[str, str]] = {}
        for i, raw in enumerate(_read_csv(path, report), start=2):
            key = instance_key(provider, raw[name_col])
            arch = raw["Microarchitecture"].strip()
            if arch and arch != "Unknown":
                archs[key].add(arch)
            rows.setdefault(key, {**raw, "_where": f"{path.name}:{i}"})
        for key, raw in rows.items():
            where = raw["_where"]
            found[(provider, key)] = Instance(
                provider, key,
                _vcpus(raw["Instance vCPUs"], raw[name_col], where, report),
                decimal_text(raw["Instance Memory"], where, report),
                decimal_text(raw["Platform vCPUs (highest vCPU possible)"], where, report),
                decimal_text(raw["Platform Memory"], where, report),
                tuple(sorted(archs[key])),
                2,
            )
    return [found[k] for k in sorted(found)]


def _vcpus(text: str, name: str, where: str, report: Report) -> Decimal:
    """Azure's constrained-vCPU sizes (`E16-4as v4`: 4 active vCPUs on the hardware of 16) carry the ratio 4/16
    = 0.25 upstream instead of a count: the active count is taken from the name, as Azure bills it."""
    value = decimal_text(text, where, report)
    if value < 1:
        m = re.match(r"^[A-Za-z]+\d+-(\d+)", name.strip())
        if not m:
            raise BuildError(f"{where}: {value} vCPUs for {name!r}, and no constrained count in its name")
        report.fix("constrained vCPU ratio", f"{where}: {name!r} {text} -> {m[1]}")
        value = Decimal(m[1])
    if value != value.to_integral_value():
        raise BuildError(f"{where}: {value} vCPUs for {name!r} is not a whole number")
    return value


def _instance_row(inst: Instance, coefficients: dict[str, dict[str, Coefficient]], report: Report) -> dict[str, str]:
    """Watts per vCPU: CCF's mean over the candidate microarchitectures (mid) and, for the band, the lowest and
    highest endpoints among them (a convex combination of per-architecture endpoints stays inside). Memory above
    what SPECpower measured: the platform's memory beyond `chips x GB/chip`, shared out by vCPUs."""
    own = coefficients[inst.provider]
    known = []
    for a in inst.architectures:
        if a in own:
            known.append(own[a])
            continue
        # GCP lists Haswell, Ivy and Sandy Bridge machines but has no coefficients for them: the same SPECpower
        # architecture averages from the other providers' tables (AWS first) stand in
        other = next((coefficients[p][a] for p in ("aws", "azure", "gcp") if a in coefficients[p]), None)
        if other is None:
            raise BuildError(f"{inst.provider}/{inst.instance_type}: no coefficients for {a!r} anywhere")
        report.fix("architecture from another provider's table", f"{inst.provider}/{inst.instance_type}: {a}")
        known.append(other)
    cands = known or list(own.values())  # unknown: the provider's whole range, average in the middle
    if known:
        mid_min = sum(c.min_watts for c in known) / len(known)
        mid_max = sum(c.max_watts for c in known) / len(known)
    else:
        mid_min = float(PROVIDERS[inst.provider]["min_watts"])
        mid_max = float(PROVIDERS[inst.provider]["max_watts"])
    gb_per_chip = sum(c.gb_per_chip for c in cands) / len(cands)
    extra = 0.0
    if inst.platform_vcpus > 0:
        platform_extra = max(0.0, float(inst.platform_memory_gb) - inst.chips * gb_per_chip)
        extra = platform_extra * float(inst.vcpus / inst.platform_vcpus)
    return {
        "provider": inst.provider, "instance_type": inst.instance_type, "vcpus": number(inst.vcpus),
        "memory_gb": number(inst.memory_gb), "platform_vcpus": number(inst.platform_vcpus),
        "platform_memory_gb": number(inst.platform_memory_gb),
        "microarchitectures": "|".join(inst.architectures),
        "min_watts": number(mid_min), "max_watts": number(mid_max),
        "min_watts_low": number(min(c.min_watts for c in cands)),
        "max_watts_low": number(min(c.max_watts for c in cands)),
        "min_watts_high": number(max(c.min_watts for c in cands)),
        "max_watts_high": number(max(c.max_watts for c in cands)),
        "extra_memory_gb": number(extra),
    }


def build(source: Path) -> tuple[dict[str, list[dict[str, str]]], Report]:
    """Every curated table as rows of text, ready to write; raises BuildError on an unrepairable value."""
    report = Report()
    regional = _ccf_rows(source, report) + _google_rows(source, report)
    covered = {(r["provider"], r["region_id"]) for r in regional}
    regions = regional + _country_rows(source, covered, report)
    regions.sort(key=lambda r: (r["provider"], r["region_id"], int(r["year"])))
    keys = [(r["provider"], r["region_id"], r["year"]) for r in regions]
    if len(keys) != len(set(keys)):
        raise BuildError("two rows for one (provider, region, year)")
    coefficients = _coefficients(source, report)
    providers = []
    for provider, values in PROVIDERS.items():
        cands = coefficients[provider].values()
        providers.append({
            "provider": provider, **values,
            "min_watts_low": number(min(c.min_watts for c in cands)),
            "max_watts_low": number(min(c.max_watts for c in cands)),
            "min_watts_high": number(max(c.min_watts for c in cands)),
            "max_watts_high": number(max(c.max_watts for c in cands)),
            "source": "Cloud Carbon Footprint methodology (PUE, average watts); band: coefficients-"
                      f"{provider}-use.csv",
        })
    coefficient_rows = [
        {"provider": p, "microarchitecture": a, "min_watts": number(c.min_watts), "max_watts": number(c.max_watts),
         "gb_per_chip": number(c.gb_per_chip)}
        for p in sorted(coefficients) for a, c in sorted(coefficients[p].items())
    ]
    instances = [_instance_row(i, coefficients, report) for i in _instances(source, report)]
    tables = {
        "region_carbon.csv": regions,
        "providers.csv": providers,
        "cpu_coefficients.csv": coefficient_rows,
        "instance_types.csv": instances,
    }
    return tables, report


COLUMNS = {
    "region_carbon.csv": REGION_COLUMNS,
    "providers.csv": PROVIDER_COLUMNS,
    "cpu_coefficients.csv": COEFFICIENT_COLUMNS,
    "instance_types.csv": INSTANCE_COLUMNS,
}


def write(tables: dict[str, list[dict[str, str]]], target: Path = DATA_DIR) -> None:
    for name, rows in tables.items():
        with (target / name).open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=COLUMNS[name], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        tables, report = build(Path(args[0]))
    except (BuildError, OSError, KeyError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    write(tables)
    for kind, items in sorted(report.fixes.items()):
        print(f"repaired {len(items)} x {kind}: {items[:3]}{' ...' if len(items) > 3 else ''}")
    for name, rows in tables.items():
        print(f"wrote {DATA_DIR / name}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
