"""Data quality of the curated carbon tables shipped in reports/carbon/data, and the build's repairs of the
upstream defects (on small raw files written here, in the upstream shapes)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from reports.carbon import build
from reports.carbon.regions import REGIONS
from reports.carbon.table import DATA_DIR, provider_key, read_table, region_table

NUMBER = re.compile(r"^\d+(\.\d+)?$")
LICENSES = {"Apache-2.0", "MIT", "MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)"}


def rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as src:
        return list(csv.DictReader(src))


@pytest.mark.parametrize("provider", ["aws", "azure", "gcp"])
def test_every_listed_region_resolves_for_any_year(provider: str) -> None:
    table = region_table()
    for region in REGIONS[provider]:
        for year in (2015, 2021, 2023, 2024, 2030):
            row = table.resolve(provider, region.region_id, year)
            assert row is not None, (provider, region.region_id, year)
            assert 0 < row.g_per_kwh <= 1200
            assert (row.em_zone, row.country) == (region.em_zone, region.country)


def test_the_year_rule_takes_the_latest_row_at_or_before_the_year_else_the_earliest() -> None:
    table = region_table()
    older = table.resolve("gcp", "europe-west2", 2022)
    newer = table.resolve("gcp", "europe-west2", 2025)
    earliest = table.resolve("Google Cloud", "Europe-West2", 2019)  # FOCUS spellings of provider and region
    assert older is not None and newer is not None and earliest is not None
    assert (older.year, older.g_per_kwh, older.basis) == (2021, 257, "region")  # CCF
    assert (newer.year, newer.g_per_kwh) == (2024, 136)  # Google via codecarbon
    assert earliest == older
    assert table.resolve("azure", "West Europe", 2024) == table.resolve("Microsoft", "westeurope", 2024)
    assert table.resolve("oracle", "us-ashburn-1", 2024) is None
    assert table.resolve("aws", "mars-north-1", 2024) is None


def test_every_value_is_a_plain_number_in_range_with_source_and_license() -> None:
    region_rows = rows("region_carbon.csv")
    assert len(region_rows) == len({(r["provider"], r["region_id"], r["year"]) for r in region_rows})
    assert {(r["provider"], r["region_id"]) for r in region_rows} == {
        (p, r.region_id) for p, regions in REGIONS.items() for r in regions}
    for row in region_rows:
        where = f"{row['provider']}/{row['region_id']}/{row['year']}"
        assert NUMBER.match(row["g_per_kwh"]), where
        assert 0 < float(row["g_per_kwh"]) <= 1200, where
        assert NUMBER.match(row["pue"]) and 1.0 <= float(row["pue"]) < 2, where
        assert row["basis"] in {"region", "country"}, where
        assert row["license"] in LICENSES and row["source"], where
        assert row["emission_factor_type"] in {"direct", "lifecycle", "unspecified"}, where
    for name in ("providers.csv", "cpu_coefficients.csv", "instance_types.csv"):
        for row in rows(name):
            for key, value in row.items():
                if key in {"min_watts", "max_watts", "vcpus", "memory_gb", "gb_per_chip", "pue", "extra_memory_gb"}:
                    assert NUMBER.match(value), (name, row)


def test_country_rows_only_fill_regions_no_regional_dataset_covers() -> None:
    by_region: dict[tuple[str, str], set[str]] = {}
    for row in rows("region_carbon.csv"):
        by_region.setdefault((row["provider"], row["region_id"]), set()).add(row["basis"])
    assert all(len(bases) == 1 for bases in by_region.values())
    counts = {b: sum(1 for v in by_region.values() if b in v) for b in ("region", "country")}
    assert counts["region"] == 25 + 24 + 40  # CCF: AWS 25, Azure 24; GCP: Google 40 (CCF 24 all among them)
    assert counts["region"] + counts["country"] == sum(len(r) for r in REGIONS.values())


def test_the_repaired_upstream_values_are_noted() -> None:
    notes = {(r["provider"], r["region_id"]): (r["g_per_kwh"], r["note"]) for r in rows("region_carbon.csv")
             if r["note"]}
    assert notes == {
        ("azure", "finlandcentral"): ("77", "upstream value '000077' lacked its leading '0.'; read as 0.000077"),
        ("azure", "germanywestcentral"): ("402", "upstream value '000402' lacked its leading '0.'; read as 0.000402"),
        ("gcp", "me-central1"): ("575", "upstream region id misspelt 'me-cenrtal1'"),
    }


def test_instance_types_are_whole_vcpus_with_ordered_power_bands() -> None:
    instances = rows("instance_types.csv")
    assert len(instances) > 1000
    for row in instances:
        vcpus = float(row["vcpus"])
        assert vcpus >= 1 and vcpus == int(vcpus), row
        lo_min, mid_min, hi_min = (float(row[k]) for k in ("min_watts_low", "min_watts", "min_watts_high"))
        lo_max, mid_max, hi_max = (float(row[k]) for k in ("max_watts_low", "max_watts", "max_watts_high"))
        assert lo_min <= mid_min <= hi_min and lo_max <= mid_max <= hi_max, row
        assert mid_min < mid_max, row
    known = {(r["provider"], r["instance_type"]): r for r in instances}
    assert known[("azure", "e16-4as v4")]["vcpus"] == "4"  # upstream: the ratio 0.25
    assert known[("aws", "m5.large")]["microarchitectures"] == "Skylake"


def test_the_license_files_and_attributions_ship_with_the_data() -> None:
    assert "Apache License" in (DATA_DIR / "LICENSE-cloud-carbon-footprint").read_text()
    assert "MIT License" in (DATA_DIR / "LICENSE-codecarbon").read_text()
    readme = (DATA_DIR / "README.md").read_text()
    for name in ("Cloud Carbon Footprint", "codecarbon", "Our World in Data", "Ember", "CC BY 4.0"):
        assert name in readme


def test_provider_names_as_focus_writes_them() -> None:
    for row in rows("providers.csv"):
        for name in row["focus_names"].split("|"):
            assert provider_key(name) == row["provider"], name


# -- the build, on small raw files with the upstream defects --------------------------------------------------


def write_raw(root: Path, *, azure_extra: str = "", aws_value: str = "0.000415755") -> Path:
    ccf = root / "ccf"
    ccf.mkdir(parents=True)
    cc = root / "codecarbon"
    cc.mkdir()
    (ccf / "grid-emissions-factors-aws.csv").write_text(
        f"Region,Country,NERC Region,CO2e (metric ton/kWh),Source\nus-east-1,United States,SERC,{aws_value},EPA\n")
    (ccf / "grid-emissions-factors-azure.csv").write_text(
        "Region,Location,NERC Region,CO2e (metric ton/kWh),Source\n"
        "West Europe,Netherlands,,0.00039,EEA\nFinland Central,Helsinki,,000077,EEA,\n" + azure_extra)
    (ccf / "grid-emissions-factors-gcp.csv").write_text(
        "Region,Location,CO2e (metric ton/kWh),Source\nus-central1,Iowa,0.000479,Google\n")
    header = ",Architecture,Min Watts,Max Watts,GB/Chip\n"
    for provider in ("aws", "azure", "gcp"):
        (ccf / f"coefficients-{provider}-use.csv").write_text(header + "0,Skylake,0.6,4.1,75\n1,Haswell,1.9,6.0,27\n")
    (ccf / "aws-instances.csv").write_text(
        "Instance type,Release Date,Instance vCPU,Platform Total Number of vCPU,Platform CPU Name,"
        "Instance Memory (in GB),Platform Memory (in GB)\n"
        "m5.large,November 2017,2,96,Xeon Platinum 8175M,8,384\nt2.nano,2015,1,48,Xeon E5-2676 v3,\"0,5\",288\n")
    (ccf / "azure-instances.csv").write_text(
        "Series,Virtual Machine,Microarchitecture,Instance vCPUs,Instance Memory,"
        "Platform vCPUs (highest vCPU possible),Platform Memory\n"
        "Esv3,E16-4s v3,Unknown,0.25,128,16,128\nDv3,D2s v3,Skylake,2,8,64,256\nDv3,D2s v3,Haswell,2,8,64,256\n")
    (ccf / "gcp-instances.csv").write_text(
        "Machine Family,Machine type,Microarchitecture,Instance vCPUs,Instance Memory,"
        "Platform vCPUs (highest vCPU possible),Platform Memory\ne2,e2-standard-2,Skylake,2,8,32,128\n")
    (cc / "impact.csv").write_text(
        "\ufeffprovider,providerName,offsetRatio,region,regionName,country_name,countryIsoCode,state,city,impact,"
        "source,comment\ngcp,Google Cloud Platform,100,me-cenrtal1,,Qatar,QAT,,Doha,575,x,\n")
    mix = {c: {"carbon_intensity": 400.5, "year": 2023, "country_name": c} for r in REGIONS.values() for c in
           {x.country for x in r}}
    (cc / "global_energy_mix.json").write_text(json.dumps(mix))
    return root


def test_build_repairs_each_known_defect_and_says_so(tmp_path: Path) -> None:
    tables, report = build.build(write_raw(tmp_path / "raw"))
    regions = {(r["provider"], r["region_id"], r["year"]): r for r in tables["region_carbon.csv"]}
    assert regions[("azure", "finlandcentral", "2021")]["g_per_kwh"] == "77"
    assert regions[("azure", "westeurope", "2021")]["g_per_kwh"] == "390"
    assert regions[("aws", "us-east-1", "2021")]["g_per_kwh"] == "415.755"
    assert regions[("gcp", "me-central1", "2024")]["g_per_kwh"] == "575"
    assert regions[("aws", "eu-west-2", "2023")]["basis"] == "country"  # not in the raw grid factors
    assert set(report.fixes) == {"Azure display name", "missing leading 0.", "byte-order mark", "region typo",
                                 "comma decimal", "constrained vCPU ratio"}
    instances = {(r["provider"], r["instance_type"]): r for r in tables["instance_types.csv"]}
    assert instances[("aws", "t2.nano")]["memory_gb"] == "0.5"
    assert instances[("azure", "e16-4s v3")]["vcpus"] == "4"
    assert instances[("azure", "d2s v3")]["microarchitectures"] == "Haswell|Skylake"
    assert instances[("azure", "d2s v3")]["min_watts"] == "1.25"  # mean of 0.6 and 1.9
    out = tmp_path / "out"
    out.mkdir()
    build.write(tables, out)
    assert read_table(out / "region_carbon.csv").resolve("azure", "finlandcentral", 2024) is not None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"azure_extra": "Atlantis Central,Atlantis,,0.0003,EEA\n"}, "'Atlantis Central' .* is not in"),
        ({"aws_value": "0.0015"}, "1500.* is outside"),
        ({"aws_value": "n/a"}, "not a number: 'n/a'"),
        ({"aws_value": "0"}, "is outside"),
    ],
)
def test_build_refuses_what_it_cannot_repair(tmp_path: Path, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(build.BuildError, match=message):
        build.build(write_raw(tmp_path / "raw", **kwargs))


def test_build_command_reports_failures_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build.main([str(tmp_path / "nowhere")]) == 1
    assert "build failed" in capsys.readouterr().err
    assert build.main([]) == 2
