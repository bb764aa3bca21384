from __future__ import annotations

from pathlib import Path

import pytest
import trustme

from exporters.azure.config import load_config
from finops.errors import ConfigError


def test_reports_every_problem_at_once() -> None:
    with pytest.raises(ConfigError) as err:
        load_config(
            flags={"azure_client_certificate_file": "c.pem", "azure_resource_ids": "/not/an/id"},
            file_values={"azure": {"metrics": {"Microsoft.Web/sites": [{"name": "Requests", "aggregation": "p99"}]}}},
            environ={"FINOPS_AZURE_POLL_INTERVAL": "soon"},
        )
    text = str(err.value)
    assert "FINOPS_AZURE_POLL_INTERVAL" in text
    assert "aggregation 'p99'" in text


def test_defaults_select_default_credential_and_vm_metrics() -> None:
    config = load_config(flags={"azure_subscription_ids": "A,b"}, environ={})
    assert config.credential_kind == "default"
    assert config.subscription_ids == ("a", "b")
    names = [m.prometheus_name for m in config.type_spec("Microsoft.Compute/virtualMachines").metrics]
    assert names == [
        "azure_vm_cpu_utilization_percent",
        "azure_vm_memory_available_bytes",
        "azure_vm_network_receive_bytes",
        "azure_vm_network_transmit_bytes",
        "azure_vm_disk_read_bytes",
        "azure_vm_disk_write_bytes",
    ]


def test_rejects_total_suffix_on_gauges() -> None:
    with pytest.raises(ConfigError, match="no `_total`"):
        load_config(
            flags={"azure_subscription_ids": "a"},
            file_values={
                "azure": {
                    "metrics": {"Microsoft.Compute/virtualMachines": [{"prometheus_name": "x_total", "name": "X"}]}
                }
            },
            environ={},
        )


def test_reports_credential_and_resource_problems_together(tmp_path: Path) -> None:
    issued = trustme.CA().issue_cert("app-1")  # the file is checked at start-up; the pairing is what is tested
    cert = tmp_path / "c.pem"
    cert.write_bytes(issued.private_key_pem.bytes() + issued.cert_chain_pems[0].bytes())
    with pytest.raises(ConfigError) as err:
        load_config(flags={"azure_client_certificate_file": str(cert), "azure_resource_ids": "/not/an/id"}, environ={})
    text = str(err.value)
    assert "needs azure.tenant_id and azure.client_id" in text
    assert "not an ARM resource ID" in text


@pytest.mark.parametrize("section", [5, "x", [1, 2]])
def test_an_azure_section_that_is_not_a_mapping_is_a_config_error(section: object) -> None:
    with pytest.raises(ConfigError, match="'azure' must be a mapping of settings"):
        load_config(file_values={"azure": section}, environ={})
