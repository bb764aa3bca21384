-- Carbon: the curated region table and the Cloud Carbon Footprint (CCF) coefficients, and emissions per FOCUS row,
-- resource, service, sub-account and tag, beside cost, matched hour by hour with the grid's intensity.
--
-- Reference data (generated section below, from reports/carbon/data/*.csv; see its README for sources and licenses):
--   finops.carbon_regions            one row per (provider, FOCUS RegionId, year): g/kWh, PUE, Electricity Maps zone,
--                                    WattTime region, basis (region | country), source, license
--   finops.carbon_providers          PUE (and its band) and the average watts per vCPU of each provider
--   finops.carbon_cpu_coefficients   min/max watts per vCPU and GB per chip, per microarchitecture (SPECpower)
--   finops.carbon_instance_types     vCPUs, memory, watts per vCPU (mean and band) of every known instance type
--
-- The method (CCF, https://www.cloudcarbonfootprint.org/docs/methodology), per FOCUS Usage row and hour h:
--   watts  = vCPUs x (min W + u x (max W - min W)) + memory above the SPECpower reference x 0.392 W/GB
--   kWh    = watts x running hours in h / 1000 x PUE
--   gCO2e  = kWh x intensity(region, h)
-- u is the hour's mean of the Azure exporter's azure_vm_cpu_utilization_percent for the row's resource when it
-- exists, else 50 % (CCF's default; `default_utilization`). intensity(region, h) is the hourly mean of the live
-- series carbon_intensity_grams_per_kilowatt_hour{signal="average"} of the region's zone (Electricity Maps or UK
-- Carbon Intensity by Electricity Maps zone, WattTime by WattTime region; measured before estimated), else the
-- region table's value for the hour's year; the method is recorded per row ('live:<source>', 'table:region',
-- 'table:country', several joined by '+', or 'none' when the region is unknown).
-- Low/high bands: the lowest/highest watts of the candidate microarchitectures, the provider's PUE band, and, when
-- the utilisation was not measured, u = 0 % / 100 %. They bound the energy model, not the grid factor.
-- What a row is (its `kind`), from ConsumedUnit, the SKU and the description:
--   instance  hours of an instance type (FOCUS SkuPriceDetails.InstanceType, Azure SkuMeter/x_SkuMeterName, AWS
--             x_UsageType or "<type> … instance hour" in ChargeDescription); vCPUs from the instance table, else
--             SkuPriceDetails.CoreCount, else the size name (Azure D4s v5 -> 4, AWS .2xlarge -> 8, GCP -8 -> 8)
--   vcpu      vCPU-, vCore- or core-hours (Fargate vCPU, GCP cores, Azure vCore)    (provider average watts)
--   memory    GB-hours (Fargate memory, GCP RAM)                                    0.392 W per GB
--   storage   GB-months (x 730 h)                                                   SSD 1.2 / HDD 0.65 Wh per TB-hour
-- Only ChargeCategory 'Usage' rows with a positive ConsumedQuantity are estimated (no corrections, no unused
-- commitments); every other row keeps its cost and has NULL emissions, so totals of cost stay those of the bill.
-- GPUs, networking and embodied emissions are not estimated.

CREATE TABLE IF NOT EXISTS finops.carbon_regions (
    provider text NOT NULL,
    region_id text NOT NULL,
    year integer NOT NULL,
    g_per_kwh double precision NOT NULL CHECK (g_per_kwh > 0 AND g_per_kwh <= 1200),
    pue double precision NOT NULL CHECK (pue >= 1),
    basis text NOT NULL CHECK (basis IN ('region', 'country')),
    country text NOT NULL,
    location text NOT NULL,
    em_zone text,
    watttime_region text,
    emission_factor_type text NOT NULL,
    source text NOT NULL,
    license text NOT NULL,
    note text,
    PRIMARY KEY (provider, region_id, year)
);

CREATE TABLE IF NOT EXISTS finops.carbon_providers (
    provider text PRIMARY KEY,
    focus_names text[] NOT NULL,
    pue double precision NOT NULL,
    pue_low double precision NOT NULL,
    pue_high double precision NOT NULL,
    min_watts double precision NOT NULL,
    max_watts double precision NOT NULL,
    min_watts_low double precision NOT NULL,
    max_watts_low double precision NOT NULL,
    min_watts_high double precision NOT NULL,
    max_watts_high double precision NOT NULL,
    source text NOT NULL
);

CREATE TABLE IF NOT EXISTS finops.carbon_cpu_coefficients (
    provider text NOT NULL,
    microarchitecture text NOT NULL,
    min_watts double precision NOT NULL,
    max_watts double precision NOT NULL,
    gb_per_chip double precision NOT NULL,
    PRIMARY KEY (provider, microarchitecture)
);

CREATE TABLE IF NOT EXISTS finops.carbon_instance_types (
    provider text NOT NULL,
    instance_type text NOT NULL,
    vcpus double precision NOT NULL CHECK (vcpus >= 1),
    memory_gb double precision NOT NULL,
    platform_vcpus double precision NOT NULL,
    platform_memory_gb double precision NOT NULL,
    microarchitectures text[] NOT NULL,
    min_watts double precision NOT NULL,
    max_watts double precision NOT NULL,
    min_watts_low double precision NOT NULL,
    max_watts_low double precision NOT NULL,
    min_watts_high double precision NOT NULL,
    max_watts_high double precision NOT NULL,
    extra_memory_gb double precision NOT NULL,
    PRIMARY KEY (provider, instance_type)
);

-- BEGIN GENERATED DATA: `python -m reports.carbon.sqlgen` from reports/carbon/data/*.csv; do not edit
INSERT INTO finops.carbon_regions (provider, region_id, year, g_per_kwh, pue, basis, country, location, em_zone, watttime_region, emission_factor_type, source, license, note) VALUES
    ('aws', 'af-south-1', 2021, 928, 1.135, 'region', 'ZAF', 'Cape Town', 'ZA', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('aws', 'ap-east-1', 2021, 810, 1.135, 'region', 'HKG', 'Hong Kong', 'HK', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('aws', 'ap-northeast-1', 2021, 506, 1.135, 'region', 'JPN', 'Tokyo', 'JP-TK', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('aws', 'ap-northeast-2', 2021, 500, 1.135, 'region', 'KOR', 'Seoul', 'KR', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('aws', 'ap-northeast-3', 2021, 506, 1.135, 'region', 'JPN', 'Osaka', 'JP-KN', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('aws', 'ap-south-1', 2021, 708, 1.135, 'region', 'IND', 'Mumbai', 'IN-WE', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('aws', 'ap-south-2', 2023, 713.441, 1.135, 'country', 'IND', 'Hyderabad', 'IN-SO', NULL, 'lifecycle', 'country average of India: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('aws', 'ap-southeast-1', 2021, 408.5, 1.135, 'region', 'SGP', 'Singapore', 'SG', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (EMA Singapore)', 'Apache-2.0', NULL),
    ('aws', 'ap-southeast-2', 2021, 790, 1.135, 'region', 'AUS', 'Sydney', 'AU-NSW', 'NEM_NSW', 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('aws', 'ap-southeast-3', 2022, 675.931, 1.135, 'country', 'IDN', 'Jakarta', 'ID', NULL, 'lifecycle', 'country average of Indonesia: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('aws', 'ap-southeast-4', 2023, 548.692, 1.135, 'country', 'AUS', 'Melbourne', 'AU-VIC', 'NEM_VIC', 'lifecycle', 'country average of Australia: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('aws', 'ap-southeast-5', 2022, 605.831, 1.135, 'country', 'MYS', 'Malaysia', 'MY-WM', NULL, 'lifecycle', 'country average of Malaysia: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('aws', 'ap-southeast-7', 2023, 549.583, 1.135, 'country', 'THA', 'Bangkok', 'TH', NULL, 'lifecycle', 'country average of Thailand: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('aws', 'ca-central-1', 2021, 130, 1.135, 'region', 'CAN', 'Montreal', 'CA-QC', 'HQ', 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('aws', 'ca-west-1', 2023, 170.043, 1.135, 'country', 'CAN', 'Calgary', 'CA-AB', NULL, 'lifecycle', 'country average of Canada: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('aws', 'cn-north-1', 2021, 555, 1.135, 'region', 'CHN', 'Beijing', 'CN', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('aws', 'cn-northwest-1', 2021, 555, 1.135, 'region', 'CHN', 'Ningxia', 'CN', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('aws', 'eu-central-1', 2021, 338, 1.135, 'region', 'DEU', 'Frankfurt', 'DE', 'DE', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (EEA)', 'Apache-2.0', NULL),
    ('aws', 'eu-central-2', 2023, 34.843, 1.135, 'country', 'CHE', 'Zurich', 'CH', NULL, 'lifecycle', 'country average of Switzerland: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('aws', 'eu-north-1', 2021, 8, 1.135, 'region', 'SWE', 'Stockholm', 'SE-SE3', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (EEA)', 'Apache-2.0', NULL),
    ('aws', 'eu-south-1', 2021, 233, 1.135, 'region', 'ITA', 'Milan', 'IT-NO', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (EEA)', 'Apache-2.0', NULL),
    ('aws', 'eu-south-2', 2023, 174.05, 1.135, 'country', 'ESP', 'Aragon', 'ES', NULL, 'lifecycle', 'country average of Spain: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('aws', 'eu-west-1', 2021, 316, 1.135, 'region', 'IRL', 'Dublin', 'IE', 'IE', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (EEA)', 'Apache-2.0', NULL),
    ('aws', 'eu-west-2', 2021, 228, 1.135, 'region', 'GBR', 'London', 'GB', 'UK', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (EEA)', 'Apache-2.0', NULL),
    ('aws', 'eu-west-3', 2021, 52, 1.135, 'region', 'FRA', 'Paris', 'FR', 'FR', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (EEA)', 'Apache-2.0', NULL),
    ('aws', 'il-central-1', 2022, 582.927, 1.135, 'country', 'ISR', 'Tel Aviv', 'IL', NULL, 'lifecycle', 'country average of Israel: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('aws', 'me-central-1', 2022, 561.135, 1.135, 'country', 'ARE', 'United Arab Emirates', 'AE', NULL, 'lifecycle', 'country average of United Arab Emirates: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('aws', 'me-south-1', 2021, 732, 1.135, 'region', 'BHR', 'Bahrain', 'BH', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('aws', 'mx-central-1', 2023, 507.245, 1.135, 'country', 'MEX', 'Queretaro', 'MX', NULL, 'lifecycle', 'country average of Mexico: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('aws', 'sa-east-1', 2021, 74, 1.135, 'region', 'BRA', 'Sao Paulo', 'BR-CS', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('aws', 'us-east-1', 2021, 415.755, 1.135, 'region', 'USA', 'Northern Virginia', 'US-MIDA-PJM', 'PJM_DC', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (EPA)', 'Apache-2.0', NULL),
    ('aws', 'us-east-2', 2021, 440.187, 1.135, 'region', 'USA', 'Ohio', 'US-MIDA-PJM', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (EPA)', 'Apache-2.0', NULL),
    ('aws', 'us-gov-east-1', 2021, 415.755, 1.135, 'region', 'USA', 'Ohio', 'US-MIDA-PJM', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (EPA)', 'Apache-2.0', NULL),
    ('aws', 'us-gov-west-1', 2021, 350.861, 1.135, 'region', 'USA', 'Oregon', 'US-NW-BPAT', 'BPA', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (EPA)', 'Apache-2.0', NULL),
    ('aws', 'us-west-1', 2021, 350.861, 1.135, 'region', 'USA', 'Northern California', 'US-CAL-CISO', 'CAISO_NORTH', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (EPA)', 'Apache-2.0', NULL),
    ('aws', 'us-west-2', 2021, 350.861, 1.135, 'region', 'USA', 'Oregon', 'US-NW-BPAT', 'BPA', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-aws.csv (EPA)', 'Apache-2.0', NULL),
    ('azure', 'australiacentral', 2023, 548.692, 1.185, 'country', 'AUS', 'Canberra', 'AU-NSW', 'NEM_NSW', 'lifecycle', 'country average of Australia: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'australiacentral2', 2023, 548.692, 1.185, 'country', 'AUS', 'Canberra', 'AU-NSW', 'NEM_NSW', 'lifecycle', 'country average of Australia: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'australiaeast', 2023, 548.692, 1.185, 'country', 'AUS', 'New South Wales', 'AU-NSW', 'NEM_NSW', 'lifecycle', 'country average of Australia: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'australiasoutheast', 2023, 548.692, 1.185, 'country', 'AUS', 'Victoria', 'AU-VIC', 'NEM_VIC', 'lifecycle', 'country average of Australia: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'belgiumcentral', 2021, 154, 1.185, 'region', 'BEL', 'Brussels', 'BE', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EEA)', 'Apache-2.0', NULL),
    ('azure', 'brazilsouth', 2023, 98.348, 1.185, 'country', 'BRA', 'Sao Paulo State', 'BR-CS', NULL, 'lifecycle', 'country average of Brazil: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'brazilsoutheast', 2023, 98.348, 1.185, 'country', 'BRA', 'Rio de Janeiro', 'BR-CS', NULL, 'lifecycle', 'country average of Brazil: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'canadacentral', 2023, 170.043, 1.185, 'country', 'CAN', 'Toronto', 'CA-ON', 'IESO_NORTH', 'lifecycle', 'country average of Canada: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'canadaeast', 2023, 170.043, 1.185, 'country', 'CAN', 'Quebec City', 'CA-QC', 'HQ', 'lifecycle', 'country average of Canada: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'centralindia', 2021, 708, 1.185, 'region', 'IND', 'Pune', 'IN-WE', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('azure', 'centralus', 2021, 472.23, 1.185, 'region', 'USA', 'Iowa', 'US-MIDW-MISO', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EPA)', 'Apache-2.0', NULL),
    ('azure', 'chilecentral', 2023, 291.113, 1.185, 'country', 'CHL', 'Santiago', 'CL-SEN', NULL, 'lifecycle', 'country average of Chile: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'eastasia', 2021, 810, 1.185, 'region', 'HKG', 'Hong Kong', 'HK', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('azure', 'eastus', 2021, 415.755, 1.185, 'region', 'USA', 'Virginia', 'US-MIDA-PJM', 'PJM_DC', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EPA)', 'Apache-2.0', NULL),
    ('azure', 'eastus2', 2021, 415.755, 1.185, 'region', 'USA', 'Virginia', 'US-MIDA-PJM', 'PJM_DC', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EPA)', 'Apache-2.0', NULL),
    ('azure', 'eastus3', 2021, 415.755, 1.185, 'region', 'USA', 'Georgia', 'US-SE-SOCO', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EPA)', 'Apache-2.0', NULL),
    ('azure', 'finlandcentral', 2021, 77, 1.185, 'region', 'FIN', 'Helsinki', 'FI', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EEA)', 'Apache-2.0', 'upstream value ''000077'' lacked its leading ''0.''; read as 0.000077'),
    ('azure', 'francecentral', 2021, 67, 1.185, 'region', 'FRA', 'Paris', 'FR', 'FR', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EEA)', 'Apache-2.0', NULL),
    ('azure', 'francesouth', 2023, 56.039, 1.185, 'country', 'FRA', 'Marseille', 'FR', 'FR', 'lifecycle', 'country average of France: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'germanynorth', 2023, 380.95, 1.185, 'country', 'DEU', 'Berlin', 'DE', 'DE', 'lifecycle', 'country average of Germany: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'germanywestcentral', 2021, 402, 1.185, 'region', 'DEU', 'Frankfurt', 'DE', 'DE', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EEA)', 'Apache-2.0', 'upstream value ''000402'' lacked its leading ''0.''; read as 0.000402'),
    ('azure', 'indonesiacentral', 2022, 675.931, 1.185, 'country', 'IDN', 'Jakarta', 'ID', NULL, 'lifecycle', 'country average of Indonesia: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'israelcentral', 2022, 582.927, 1.185, 'country', 'ISR', 'Israel', 'IL', NULL, 'lifecycle', 'country average of Israel: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'italynorth', 2023, 330.718, 1.185, 'country', 'ITA', 'Milan', 'IT-NO', NULL, 'lifecycle', 'country average of Italy: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'japaneast', 2023, 485.392, 1.185, 'country', 'JPN', 'Tokyo, Saitama', 'JP-TK', NULL, 'lifecycle', 'country average of Japan: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'japanwest', 2023, 485.392, 1.185, 'country', 'JPN', 'Osaka', 'JP-KN', NULL, 'lifecycle', 'country average of Japan: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'jioindiacentral', 2023, 713.441, 1.185, 'country', 'IND', 'Nagpur', 'IN-WE', NULL, 'lifecycle', 'country average of India: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'jioindiawest', 2023, 713.441, 1.185, 'country', 'IND', 'Jamnagar', 'IN-WE', NULL, 'lifecycle', 'country average of India: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'koreacentral', 2023, 430.567, 1.185, 'country', 'KOR', 'Seoul', 'KR', NULL, 'lifecycle', 'country average of South Korea: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'koreasouth', 2023, 430.567, 1.185, 'country', 'KOR', 'Busan', 'KR', NULL, 'lifecycle', 'country average of South Korea: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'malaysiawest', 2022, 605.831, 1.185, 'country', 'MYS', 'Kuala Lumpur', 'MY-WM', NULL, 'lifecycle', 'country average of Malaysia: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'mexicocentral', 2023, 507.245, 1.185, 'country', 'MEX', 'Queretaro', 'MX', NULL, 'lifecycle', 'country average of Mexico: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'newzealandnorth', 2023, 112.758, 1.185, 'country', 'NZL', 'Auckland', 'NZ', NULL, 'lifecycle', 'country average of New Zealand: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'northcentralus', 2021, 440.187, 1.185, 'region', 'USA', 'Illinois', 'US-MIDA-PJM', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EPA)', 'Apache-2.0', NULL),
    ('azure', 'northeurope', 2021, 316, 1.185, 'region', 'IRL', 'Ireland', 'IE', 'IE', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EEA)', 'Apache-2.0', NULL),
    ('azure', 'norwayeast', 2023, 30.08, 1.185, 'country', 'NOR', 'Oslo', 'NO-NO1', NULL, 'lifecycle', 'country average of Norway: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'norwaywest', 2023, 30.08, 1.185, 'country', 'NOR', 'Stavanger', 'NO-NO2', NULL, 'lifecycle', 'country average of Norway: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'polandcentral', 2023, 661.926, 1.185, 'country', 'POL', 'Warsaw', 'PL', NULL, 'lifecycle', 'country average of Poland: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'qatarcentral', 2023, 602.5, 1.185, 'country', 'QAT', 'Doha', 'QA', NULL, 'lifecycle', 'country average of Qatar: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'southafricanorth', 2023, 707.686, 1.185, 'country', 'ZAF', 'Johannesburg', 'ZA', NULL, 'lifecycle', 'country average of South Africa: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'southafricawest', 2023, 707.686, 1.185, 'country', 'ZAF', 'Cape Town', 'ZA', NULL, 'lifecycle', 'country average of South Africa: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'southcentralus', 2021, 396.293, 1.185, 'region', 'USA', 'Texas', 'US-TEX-ERCO', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EPA)', 'Apache-2.0', NULL),
    ('azure', 'southeastasia', 2021, 408.5, 1.185, 'region', 'SGP', 'Singapore', 'SG', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EMA Singapore)', 'Apache-2.0', NULL),
    ('azure', 'southindia', 2021, 708, 1.185, 'region', 'IND', 'Chennai', 'IN-SO', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('azure', 'spaincentral', 2023, 174.05, 1.185, 'country', 'ESP', 'Madrid', 'ES', NULL, 'lifecycle', 'country average of Spain: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'swedencentral', 2021, 9, 1.185, 'region', 'SWE', 'Gavle', 'SE-SE3', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EEA)', 'Apache-2.0', NULL),
    ('azure', 'swedensouth', 2023, 40.695, 1.185, 'country', 'SWE', 'Malmo', 'SE-SE4', NULL, 'lifecycle', 'country average of Sweden: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'switzerlandnorth', 2023, 34.843, 1.185, 'country', 'CHE', 'Zurich', 'CH', NULL, 'lifecycle', 'country average of Switzerland: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'switzerlandwest', 2023, 34.843, 1.185, 'country', 'CHE', 'Geneva', 'CH', NULL, 'lifecycle', 'country average of Switzerland: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'uaecentral', 2022, 561.135, 1.185, 'country', 'ARE', 'Abu Dhabi', 'AE', NULL, 'lifecycle', 'country average of United Arab Emirates: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'uaenorth', 2022, 561.135, 1.185, 'country', 'ARE', 'Dubai', 'AE', NULL, 'lifecycle', 'country average of United Arab Emirates: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('azure', 'uksouth', 2021, 228, 1.185, 'region', 'GBR', 'London', 'GB', 'UK', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EEA)', 'Apache-2.0', NULL),
    ('azure', 'ukwest', 2021, 228, 1.185, 'region', 'GBR', 'Cardiff', 'GB', 'UK', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EEA)', 'Apache-2.0', NULL),
    ('azure', 'westcentralus', 2021, 350.861, 1.185, 'region', 'USA', 'Wyoming', 'US-NW-PACE', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EPA)', 'Apache-2.0', NULL),
    ('azure', 'westeurope', 2021, 390, 1.185, 'region', 'NLD', 'Netherlands', 'NL', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EEA)', 'Apache-2.0', NULL),
    ('azure', 'westindia', 2021, 708, 1.185, 'region', 'IND', 'Mumbai', 'IN-WE', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (carbonfootprint.com)', 'Apache-2.0', NULL),
    ('azure', 'westus', 2021, 350.861, 1.185, 'region', 'USA', 'California', 'US-CAL-CISO', 'CAISO_NORTH', 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EPA)', 'Apache-2.0', NULL),
    ('azure', 'westus2', 2021, 350.861, 1.185, 'region', 'USA', 'Washington', 'US-NW-GCPD', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EPA)', 'Apache-2.0', NULL),
    ('azure', 'westus3', 2021, 350.861, 1.185, 'region', 'USA', 'Arizona', 'US-SW-AZPS', NULL, 'direct', 'Cloud Carbon Footprint grid-emissions-factors-azure.csv (EPA)', 'Apache-2.0', NULL),
    ('gcp', 'africa-south1', 2024, 646, 1.1, 'region', 'ZAF', 'Johannesburg', 'ZA', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'asia-east1', 2021, 541, 1.1, 'region', 'TWN', 'Changhua County', 'TW', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'asia-east1', 2024, 451, 1.1, 'region', 'TWN', 'Changhua County', 'TW', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'asia-east2', 2021, 626, 1.1, 'region', 'HKG', 'Hong Kong', 'HK', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'asia-east2', 2024, 360, 1.1, 'region', 'HKG', 'Hong Kong', 'HK', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'asia-northeast1', 2021, 524, 1.1, 'region', 'JPN', 'Tokyo', 'JP-TK', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'asia-northeast1', 2024, 459, 1.1, 'region', 'JPN', 'Tokyo', 'JP-TK', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'asia-northeast2', 2021, 524, 1.1, 'region', 'JPN', 'Osaka', 'JP-KN', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'asia-northeast2', 2024, 385, 1.1, 'region', 'JPN', 'Osaka', 'JP-KN', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'asia-northeast3', 2021, 540, 1.1, 'region', 'KOR', 'Seoul', 'KR', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'asia-northeast3', 2024, 378, 1.1, 'region', 'KOR', 'Seoul', 'KR', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'asia-south1', 2021, 723, 1.1, 'region', 'IND', 'Mumbai', 'IN-WE', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'asia-south1', 2024, 648, 1.1, 'region', 'IND', 'Mumbai', 'IN-WE', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'asia-south2', 2024, 529, 1.1, 'region', 'IND', 'Delhi', 'IN-NO', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'asia-southeast1', 2021, 493, 1.1, 'region', 'SGP', 'Singapore', 'SG', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'asia-southeast1', 2024, 369, 1.1, 'region', 'SGP', 'Singapore', 'SG', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'asia-southeast2', 2021, 772, 1.1, 'region', 'IDN', 'Jakarta', 'ID', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'asia-southeast2', 2024, 580, 1.1, 'region', 'IDN', 'Jakarta', 'ID', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'australia-southeast1', 2021, 725, 1.1, 'region', 'AUS', 'Sydney', 'AU-NSW', 'NEM_NSW', 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'australia-southeast1', 2024, 501, 1.1, 'region', 'AUS', 'Sydney', 'AU-NSW', 'NEM_NSW', 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'australia-southeast2', 2024, 456, 1.1, 'region', 'AUS', 'Melbourne', 'AU-VIC', 'NEM_VIC', 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'europe-central2', 2024, 723, 1.1, 'region', 'POL', 'Warsaw', 'PL', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'europe-north1', 2021, 181, 1.1, 'region', 'FIN', 'Hamina', 'FI', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'europe-north1', 2024, 46, 1.1, 'region', 'FIN', 'Hamina', 'FI', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'europe-north2', 2023, 40.695, 1.1, 'country', 'SWE', 'Stockholm', 'SE-SE3', NULL, 'lifecycle', 'country average of Sweden: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('gcp', 'europe-southwest1', 2024, 131, 1.1, 'region', 'ESP', 'Madrid', 'ES', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'europe-west1', 2021, 196, 1.1, 'region', 'BEL', 'St. Ghislain', 'BE', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'europe-west1', 2024, 122, 1.1, 'region', 'BEL', 'St. Ghislain', 'BE', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'europe-west10', 2024, 345, 1.1, 'region', 'DEU', 'Berlin', 'DE', 'DE', 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'europe-west12', 2024, 249, 1.1, 'region', 'ITA', 'Turin', 'IT-NO', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'europe-west2', 2021, 257, 1.1, 'region', 'GBR', 'London', 'GB', 'UK', 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'europe-west2', 2024, 136, 1.1, 'region', 'GBR', 'London', 'GB', 'UK', 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'europe-west3', 2021, 319, 1.1, 'region', 'DEU', 'Frankfurt', 'DE', 'DE', 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'europe-west3', 2024, 345, 1.1, 'region', 'DEU', 'Frankfurt', 'DE', 'DE', 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'europe-west4', 2021, 474, 1.1, 'region', 'NLD', 'Eemshaven', 'NL', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'europe-west4', 2024, 236, 1.1, 'region', 'NLD', 'Eemshaven', 'NL', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'europe-west6', 2021, 29, 1.1, 'region', 'CHE', 'Zurich', 'CH', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'europe-west6', 2024, 59, 1.1, 'region', 'CHE', 'Zurich', 'CH', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'europe-west8', 2024, 249, 1.1, 'region', 'ITA', 'Milan', 'IT-NO', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'europe-west9', 2024, 34, 1.1, 'region', 'FRA', 'Paris', 'FR', 'FR', 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'me-central1', 2024, 575, 1.1, 'region', 'QAT', 'Doha', 'QA', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', 'upstream region id misspelt ''me-cenrtal1'''),
    ('gcp', 'me-central2', 2024, 569, 1.1, 'region', 'SAU', 'Dammam', 'SA', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'me-west1', 2024, 463, 1.1, 'region', 'ISR', 'Tel Aviv', 'IL', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'northamerica-northeast1', 2021, 143, 1.1, 'region', 'CAN', 'Montreal', 'CA-QC', 'HQ', 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'northamerica-northeast1', 2024, 2, 1.1, 'region', 'CAN', 'Montreal', 'CA-QC', 'HQ', 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'northamerica-northeast2', 2024, 47, 1.1, 'region', 'CAN', 'Toronto', 'CA-ON', 'IESO_NORTH', 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'northamerica-south1', 2023, 507.245, 1.1, 'country', 'MEX', 'Queretaro', 'MX', NULL, 'lifecycle', 'country average of Mexico: codecarbon global_energy_mix.json (Our World in Data / Ember)', 'MIT (codecarbon); CC BY 4.0 (Our World in Data, Ember)', NULL),
    ('gcp', 'southamerica-east1', 2021, 109, 1.1, 'region', 'BRA', 'Sao Paulo', 'BR-CS', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'southamerica-east1', 2024, 56, 1.1, 'region', 'BRA', 'Sao Paulo', 'BR-CS', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'southamerica-west1', 2024, 138, 1.1, 'region', 'CHL', 'Santiago', 'CL-SEN', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'us-central1', 2021, 479, 1.1, 'region', 'USA', 'Iowa', 'US-MIDW-MISO', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'us-central1', 2024, 430, 1.1, 'region', 'USA', 'Iowa', 'US-MIDW-MISO', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'us-east1', 2021, 500, 1.1, 'region', 'USA', 'South Carolina', 'US-CAR-SC', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'us-east1', 2024, 560, 1.1, 'region', 'USA', 'South Carolina', 'US-CAR-SC', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'us-east4', 2021, 383, 1.1, 'region', 'USA', 'Northern Virginia', 'US-MIDA-PJM', 'PJM_DC', 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'us-east4', 2024, 322, 1.1, 'region', 'USA', 'Northern Virginia', 'US-MIDA-PJM', 'PJM_DC', 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'us-east5', 2024, 322, 1.1, 'region', 'USA', 'Columbus', 'US-MIDA-PJM', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'us-south1', 2024, 321, 1.1, 'region', 'USA', 'Dallas', 'US-TEX-ERCO', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'us-west1', 2021, 117, 1.1, 'region', 'USA', 'Oregon', 'US-NW-BPAT', 'BPA', 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'us-west1', 2024, 94, 1.1, 'region', 'USA', 'Oregon', 'US-NW-BPAT', 'BPA', 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'us-west2', 2021, 248, 1.1, 'region', 'USA', 'Los Angeles', 'US-CAL-LDWP', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'us-west2', 2024, 198, 1.1, 'region', 'USA', 'Los Angeles', 'US-CAL-LDWP', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'us-west3', 2021, 561, 1.1, 'region', 'USA', 'Salt Lake City', 'US-NW-PACE', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'us-west3', 2024, 588, 1.1, 'region', 'USA', 'Salt Lake City', 'US-NW-PACE', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL),
    ('gcp', 'us-west4', 2021, 491, 1.1, 'region', 'USA', 'Las Vegas', 'US-NW-NEVP', NULL, 'unspecified', 'Cloud Carbon Footprint grid-emissions-factors-gcp.csv (Google)', 'Apache-2.0', NULL),
    ('gcp', 'us-west4', 2024, 373, 1.1, 'region', 'USA', 'Las Vegas', 'US-NW-NEVP', NULL, 'lifecycle', 'Google Cloud region carbon data via codecarbon impact.csv', 'MIT', NULL);
INSERT INTO finops.carbon_providers (provider, focus_names, pue, pue_low, pue_high, min_watts, max_watts, min_watts_low, max_watts_low, min_watts_high, max_watts_high, source) VALUES
    ('aws', ARRAY['aws', 'amazon web services', 'amazon']::text[], 1.135, 1.135, 1.135, 0.74, 3.5, 0.455625, 1.692962, 3.682424, 8.961435, 'Cloud Carbon Footprint methodology (PUE, average watts); band: coefficients-aws-use.csv'),
    ('azure', ARRAY['microsoft', 'azure', 'microsoft azure']::text[], 1.185, 1.125, 1.185, 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 'Cloud Carbon Footprint methodology (PUE, average watts); band: coefficients-azure-use.csv'),
    ('gcp', ARRAY['google cloud', 'gcp', 'google', 'google cloud platform']::text[], 1.1, 1.1, 1.1, 0.71, 4.26, 0.455625, 1.575187, 1.036286, 4.381679, 'Cloud Carbon Footprint methodology (PUE, average watts); band: coefficients-gcp-use.csv');
INSERT INTO finops.carbon_cpu_coefficients (provider, microarchitecture, min_watts, max_watts, gb_per_chip) VALUES
    ('aws', 'Broadwell', 0.712834, 3.685328, 69.647059),
    ('aws', 'Cascade Lake', 0.690298, 4.063194, 105.97205),
    ('aws', 'Coffee Lake', 1.138426, 5.421759, 19.555556),
    ('aws', 'EPYC 1st Gen', 0.846788, 2.604167, 92.444444),
    ('aws', 'EPYC 2nd Gen', 0.474262, 1.692962, 129.777778),
    ('aws', 'EPYC 3rd Gen', 0.455625, 1.957334, 137.142857),
    ('aws', 'EPYC 4th Gen', 0.739148, 2.282155, 152.195122),
    ('aws', 'EPYC 5th Gen', 3.682424, 8.961435, 74.61726),
    ('aws', 'Emerald Rapids', 0.81401, 4.482031, 160),
    ('aws', 'Granite Rapids', 0.581588, 2.527471, 221.136364),
    ('aws', 'Graviton2', 0.474262, 1.692962, 129.777778),
    ('aws', 'Graviton3', 0.474262, 1.692962, 129.777778),
    ('aws', 'Graviton3E', 0.474262, 1.692962, 129.777778),
    ('aws', 'Graviton4', 0.474262, 1.692962, 129.777778),
    ('aws', 'Haswell', 1.857353, 5.595384, 31.058824),
    ('aws', 'Ice Lake', 0.766797, 3.758203, 136),
    ('aws', 'Ivy Bridge', 1.707431, 5.556944, 13.333333),
    ('aws', 'Sandy Bridge', 2.212243, 8.630871, 17.071429),
    ('aws', 'Sapphire Rapids', 1.036286, 4.160476, 130.795213),
    ('aws', 'Skylake', 0.612989, 4.10417, 75.099958),
    ('azure', 'Broadwell', 0.712834, 3.685328, 69.647059),
    ('azure', 'Cascade Lake', 0.638949, 3.967305, 98.117647),
    ('azure', 'Coffee Lake', 1.138426, 5.421759, 19.555556),
    ('azure', 'EPYC 1st Gen', 0.822656, 2.553125, 89.6),
    ('azure', 'EPYC 2nd Gen', 0.474262, 1.692962, 129.777778),
    ('azure', 'EPYC 3rd Gen', 0.44539, 2.019328, 128),
    ('azure', 'Haswell', 1.900568, 6.01291, 27.310345),
    ('azure', 'Skylake', 0.644604, 4.193436, 80.43038),
    ('gcp', 'Broadwell', 0.712834, 3.385747, 69.647059),
    ('gcp', 'Cascade Lake', 0.690298, 3.754854, 105.97205),
    ('gcp', 'EPYC 2nd Gen', 0.474262, 1.575187, 129.777778),
    ('gcp', 'EPYC 3rd Gen', 0.455625, 1.833686, 137.142857),
    ('gcp', 'EPYC 4th Gen', 0.739148, 2.195877, 152.195122),
    ('gcp', 'Emerald Rapids', 0.81401, 4.381679, 160),
    ('gcp', 'Ice Lake', 0.766797, 3.651579, 136),
    ('gcp', 'Sapphire Rapids', 1.036286, 4.062101, 130.795213),
    ('gcp', 'Skylake', 0.612989, 3.867946, 75.099958);
INSERT INTO finops.carbon_instance_types (provider, instance_type, vcpus, memory_gb, platform_vcpus, platform_memory_gb, microarchitectures, min_watts, max_watts, min_watts_low, max_watts_low, min_watts_high, max_watts_high, extra_memory_gb) VALUES
    ('aws', 'a1.2xlarge', 8, 16, 16, 32, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'a1.4xlarge', 16, 32, 16, 32, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'a1.large', 2, 4, 16, 32, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'a1.medium', 1, 2, 16, 32, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'a1.metal', 16, 32, 16, 32, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'a1.xlarge', 4, 8, 16, 32, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c1.medium', 2, 1.7, 48, 42, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 0.638889),
    ('aws', 'c1.xlarge', 8, 7, 48, 42, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 2.555556),
    ('aws', 'c3.2xlarge', 8, 15, 40, 60, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 6.666667),
    ('aws', 'c3.4xlarge', 16, 30, 40, 60, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 13.333333),
    ('aws', 'c3.8xlarge', 32, 60, 40, 60, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 26.666667),
    ('aws', 'c3.large', 2, 3.75, 40, 60, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 1.666667),
    ('aws', 'c3.xlarge', 4, 7.5, 40, 60, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 3.333333),
    ('aws', 'c4.2xlarge', 8, 15, 40, 60, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 0),
    ('aws', 'c4.2xlarge.elasticsearch', 8, 15, 40, 60, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 0),
    ('aws', 'c4.4xlarge', 16, 30, 40, 60, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 0),
    ('aws', 'c4.4xlarge.elasticsearch', 16, 30, 40, 60, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 0),
    ('aws', 'c4.8xlarge', 36, 60, 40, 60, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 0),
    ('aws', 'c4.8xlarge.elasticsearch', 36, 60, 40, 60, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 0),
    ('aws', 'c4.large', 2, 3.75, 40, 60, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 0),
    ('aws', 'c4.large.elasticsearch', 2, 3.75, 40, 60, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 0),
    ('aws', 'c4.xlarge', 4, 7.5, 40, 60, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 0),
    ('aws', 'c4.xlarge.elasticsearch', 4, 7.5, 40, 60, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 0),
    ('aws', 'c5.12xlarge', 48, 96, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'c5.18xlarge', 72, 144, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 41.800084),
    ('aws', 'c5.18xlarge.elasticsearch', 72, 144, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 41.800084),
    ('aws', 'c5.24xlarge', 96, 192, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'c5.2xlarge', 8, 16, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.644454),
    ('aws', 'c5.2xlarge.elasticsearch', 8, 16, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.644454),
    ('aws', 'c5.4xlarge', 16, 32, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 9.288908),
    ('aws', 'c5.4xlarge.elasticsearch', 16, 32, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 9.288908),
    ('aws', 'c5.9xlarge', 36, 72, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 20.900042),
    ('aws', 'c5.9xlarge.elasticsearch', 36, 72, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 20.900042),
    ('aws', 'c5.large', 2, 4, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 1.161113),
    ('aws', 'c5.large.elasticsearch', 2, 4, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 1.161113),
    ('aws', 'c5.metal', 96, 192, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'c5.xlarge', 4, 8, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 2.322227),
    ('aws', 'c5.xlarge.elasticsearch', 4, 8, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 2.322227),
    ('aws', 'c5a.12xlarge', 48, 96, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5a.16xlarge', 64, 128, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5a.24xlarge', 96, 192, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5a.2xlarge', 8, 16, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5a.4xlarge', 16, 32, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5a.8xlarge', 32, 64, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5a.large', 2, 4, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5a.xlarge', 4, 8, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5ad.12xlarge', 48, 96, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5ad.16xlarge', 64, 128, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5ad.24xlarge', 96, 192, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5ad.2xlarge', 8, 16, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5ad.4xlarge', 16, 32, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5ad.8xlarge', 32, 64, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5ad.large', 2, 4, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5ad.xlarge', 4, 8, 96, 192, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c5d.12xlarge', 48, 96, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'c5d.18xlarge', 72, 144, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 41.800084),
    ('aws', 'c5d.24xlarge', 96, 192, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'c5d.2xlarge', 8, 16, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.644454),
    ('aws', 'c5d.4xlarge', 16, 32, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 9.288908),
    ('aws', 'c5d.9xlarge', 36, 72, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 20.900042),
    ('aws', 'c5d.large', 2, 4, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 1.161113),
    ('aws', 'c5d.metal', 96, 192, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'c5d.xlarge', 4, 8, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 2.322227),
    ('aws', 'c5n.18xlarge', 72, 192, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 41.800084),
    ('aws', 'c5n.2xlarge', 8, 21, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.644454),
    ('aws', 'c5n.4xlarge', 16, 42, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 9.288908),
    ('aws', 'c5n.9xlarge', 36, 96, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 20.900042),
    ('aws', 'c5n.large', 2, 5.25, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 1.161113),
    ('aws', 'c5n.metal', 72, 192, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 41.800084),
    ('aws', 'c5n.xlarge', 4, 10.5, 72, 192, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 2.322227),
    ('aws', 'c6g.12xlarge', 48, 96, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.12xlarge.elasticsearch', 48, 96, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.16xlarge', 64, 128, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.2xlarge', 8, 16, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.2xlarge.elasticsearch', 8, 16, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.4xlarge', 16, 32, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.4xlarge.elasticsearch', 16, 32, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.8xlarge', 32, 64, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.8xlarge.elasticsearch', 32, 64, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.large', 2, 4, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.large.elasticsearch', 2, 4, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.medium', 1, 2, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.metal', 64, 128, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.xlarge', 4, 8, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6g.xlarge.elasticsearch', 4, 8, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gd.12xlarge', 48, 96, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gd.16xlarge', 64, 128, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gd.2xlarge', 8, 16, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gd.4xlarge', 16, 32, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gd.8xlarge', 32, 64, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gd.large', 2, 4, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gd.medium', 1, 2, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gd.metal', 64, 128, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gd.xlarge', 4, 8, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gn.12xlarge', 48, 96, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gn.16xlarge', 64, 128, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gn.2xlarge', 8, 16, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gn.4xlarge', 16, 32, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gn.8xlarge', 32, 64, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gn.large', 2, 4, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gn.medium', 1, 2, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'c6gn.xlarge', 4, 8, 64, 128, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 0),
    ('aws', 'cache.m3.medium', 1, 3.75, 32, 384, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 10.933036),
    ('aws', 'cache.m4.10xlarge', 40, 154.64, 48, 256, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 161.568627),
    ('aws', 'cache.m4.2xlarge', 8, 29.7, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 12.96732),
    ('aws', 'cache.m4.4xlarge', 16, 60.78, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 25.934641),
    ('aws', 'cache.m4.large', 2, 6.42, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 3.24183),
    ('aws', 'cache.m4.xlarge', 4, 14.28, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 6.48366),
    ('aws', 'cache.m5.12xlarge', 48, 157.12, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 86.02795),
    ('aws', 'cache.m5.24xlarge', 96, 314.32, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 172.055901),
    ('aws', 'cache.m5.2xlarge', 8, 26.04, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 14.337992),
    ('aws', 'cache.m5.4xlarge', 16, 52.26, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 28.675983),
    ('aws', 'cache.m5.large', 2, 6.38, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 3.584498),
    ('aws', 'cache.m5.xlarge', 4, 12.93, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 7.168996),
    ('aws', 'cache.m6g.12xlarge', 48, 192, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 94.666667),
    ('aws', 'cache.m6g.16xlarge', 64, 256, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 126.222222),
    ('aws', 'cache.m6g.2xlarge', 8, 32, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 15.777778),
    ('aws', 'cache.m6g.4xlarge', 16, 64, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 31.555556),
    ('aws', 'cache.m6g.8xlarge', 32, 128, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 63.111111),
    ('aws', 'cache.m6g.large', 2, 8, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 3.944444),
    ('aws', 'cache.m6g.xlarge', 4, 16, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 7.888889),
    ('aws', 'cache.r3.2xlarge', 8, 61, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 43.466667),
    ('aws', 'cache.r4.16xlarge', 64, 407, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 309.960784),
    ('aws', 'cache.r4.2xlarge', 8, 50.47, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 38.745098),
    ('aws', 'cache.r4.4xlarge', 16, 101.38, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 77.490196),
    ('aws', 'cache.r4.8xlarge', 32, 203.26, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 154.980392),
    ('aws', 'cache.r4.large', 2, 12.3, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 9.686275),
    ('aws', 'cache.r4.xlarge', 4, 25.05, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 19.372549),
    ('aws', 'cache.r5.12xlarge', 48, 317.77, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 308.900042),
    ('aws', 'cache.r5.24xlarge', 96, 635.61, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 617.800084),
    ('aws', 'cache.r5.2xlarge', 8, 52.82, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 51.48334),
    ('aws', 'cache.r5.4xlarge', 16, 105.81, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 102.966681),
    ('aws', 'cache.r5.large', 2, 13.07, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 12.870835),
    ('aws', 'cache.r5.xlarge', 4, 26.32, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 25.74167),
    ('aws', 'cache.r6g.12xlarge', 48, 384, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 286.666667),
    ('aws', 'cache.r6g.16xlarge', 64, 512, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 382.222222),
    ('aws', 'cache.r6g.2xlarge', 8, 64, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 47.777778),
    ('aws', 'cache.r6g.4xlarge', 16, 128, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 95.555556),
    ('aws', 'cache.r6g.8xlarge', 32, 256, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 191.111111),
    ('aws', 'cache.r6g.large', 2, 16, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 11.944444),
    ('aws', 'cache.r6g.xlarge', 4, 32, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 23.888889),
    ('aws', 'cache.t2.medium', 2, 3.22, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 9.411765),
    ('aws', 'cache.t2.micro', 1, 555, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 4.705882),
    ('aws', 'cache.t2.small', 1, 1.55, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 4.705882),
    ('aws', 'cache.t3.medium', 2, 3.09, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 'cache.t3.micro', 2, 0.5, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 'cache.t3.small', 2, 1.37, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 'cc2.8xlarge', 32, 60.5, 32, 60.5, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 26.357143),
    ('aws', 'cr1.8xlarge', 32, 244, 32, 244, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 209.857143),
    ('aws', 'd2.2xlarge', 8, 61, 48, 244, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 30.313725),
    ('aws', 'd2.4xlarge', 16, 122, 48, 244, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 60.627451),
    ('aws', 'd2.8xlarge', 36, 244, 48, 244, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 136.411765),
    ('aws', 'd2.xlarge', 4, 30.5, 48, 244, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 15.156863),
    ('aws', 'd3.2xlarge', 8, 64, 96, 256, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 3.671325),
    ('aws', 'd3.4xlarge', 16, 128, 96, 256, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 7.34265),
    ('aws', 'd3.8xlarge', 32, 256, 96, 256, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 14.6853),
    ('aws', 'd3.xlarge', 4, 32, 96, 256, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 1.835663),
    ('aws', 'd3en.12xlarge', 48, 192, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'd3en.2xlarge', 8, 32, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'd3en.4xlarge', 16, 64, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'd3en.6xlarge', 24, 96, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'd3en.8xlarge', 32, 128, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'd3en.xlarge', 4, 16, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'db.m1.large', 2, 7.5, 32, 120, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 5.366071),
    ('aws', 'db.m1.medium', 1, 3.75, 32, 120, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 2.683036),
    ('aws', 'db.m1.small', 1, 1.7, 32, 120, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 2.683036),
    ('aws', 'db.m1.xlarge', 4, 15, 32, 120, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 10.732143),
    ('aws', 'db.m2.2xlarge', 4, 34.2, 32, 280, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 30.732143),
    ('aws', 'db.m2.4xlarge', 8, 68.4, 32, 280, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 61.464286),
    ('aws', 'db.m2.xlarge', 2, 17.1, 32, 280, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 15.366071),
    ('aws', 'db.m3.2xlarge', 8, 30, 32, 240, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 51.464286),
    ('aws', 'db.m3.large', 2, 7.5, 32, 240, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 12.866071),
    ('aws', 'db.m3.medium', 1, 3.75, 32, 240, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 6.433036),
    ('aws', 'db.m3.xlarge', 4, 15, 32, 240, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 25.732143),
    ('aws', 'db.m4.10xlarge', 40, 160, 48, 256, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 161.568627),
    ('aws', 'db.m4.16xlarge', 64, 256, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 103.738562),
    ('aws', 'db.m4.2xlarge', 8, 32, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 12.96732),
    ('aws', 'db.m4.4xlarge', 16, 64, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 25.934641),
    ('aws', 'db.m4.large', 2, 8, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 3.24183),
    ('aws', 'db.m4.xlarge', 4, 16, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 6.48366),
    ('aws', 'db.m5.12xlarge', 48, 192, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 86.02795),
    ('aws', 'db.m5.16xlarge', 64, 256, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 114.703934),
    ('aws', 'db.m5.24xlarge', 96, 384, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 172.055901),
    ('aws', 'db.m5.2xlarge', 8, 32, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 14.337992),
    ('aws', 'db.m5.4xlarge', 16, 64, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 28.675983),
    ('aws', 'db.m5.8xlarge', 32, 128, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 57.351967),
    ('aws', 'db.m5.large', 2, 8, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 3.584498),
    ('aws', 'db.m5.xlarge', 4, 16, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 7.168996),
    ('aws', 'db.m6g.12xlarge', 48, 192, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 94.666667),
    ('aws', 'db.m6g.16xlarge', 64, 256, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 126.222222),
    ('aws', 'db.m6g.2xlarge', 8, 32, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 15.777778),
    ('aws', 'db.m6g.4xlarge', 16, 64, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 31.555556),
    ('aws', 'db.m6g.8xlarge', 32, 128, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 63.111111),
    ('aws', 'db.m6g.large', 2, 8, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 3.944444),
    ('aws', 'db.m6g.xlarge', 4, 16, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 7.888889),
    ('aws', 'db.r3.2xlarge', 8, 61, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 43.466667),
    ('aws', 'db.r3.4xlarge', 16, 122, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 86.933333),
    ('aws', 'db.r3.8xlarge', 32, 244, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 173.866667),
    ('aws', 'db.r3.large', 2, 15.25, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 10.866667),
    ('aws', 'db.r3.xlarge', 4, 30.5, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 21.733333),
    ('aws', 'db.r4.16xlarge', 64, 488, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 309.960784),
    ('aws', 'db.r4.2xlarge', 8, 61, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 38.745098),
    ('aws', 'db.r4.4xlarge', 16, 122, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 77.490196),
    ('aws', 'db.r4.8xlarge', 32, 244, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 154.980392),
    ('aws', 'db.r4.large', 2, 15.25, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 9.686275),
    ('aws', 'db.r4.xlarge', 4, 30.5, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 19.372549),
    ('aws', 'db.r5.12xlarge', 48, 384, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 308.900042),
    ('aws', 'db.r5.16xlarge', 64, 512, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 411.866723),
    ('aws', 'db.r5.24xlarge', 96, 768, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 617.800084),
    ('aws', 'db.r5.2xlarge', 8, 64, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 51.48334),
    ('aws', 'db.r5.4xlarge', 16, 128, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 102.966681),
    ('aws', 'db.r5.8xlarge', 32, 256, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 205.933361),
    ('aws', 'db.r5.large', 2, 16, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 12.870835),
    ('aws', 'db.r5.xlarge', 4, 32, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 25.74167),
    ('aws', 'db.r6g.12xlarge', 48, 384, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 286.666667),
    ('aws', 'db.r6g.16xlarge', 64, 512, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 382.222222),
    ('aws', 'db.r6g.2xlarge', 8, 64, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 47.777778),
    ('aws', 'db.r6g.4xlarge', 16, 128, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 95.555556),
    ('aws', 'db.r6g.large', 2, 16, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 11.944444),
    ('aws', 'db.r6g.xlarge', 4, 32, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 23.888889),
    ('aws', 'db.t2.2xlarge', 8, 32, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 37.647059),
    ('aws', 'db.t2.large', 2, 8, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 9.411765),
    ('aws', 'db.t2.medium', 2, 4, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 9.411765),
    ('aws', 'db.t2.micro', 1, 1, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 4.705882),
    ('aws', 'db.t2.small', 1, 2, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 4.705882),
    ('aws', 'db.t2.xlarge', 4, 16, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 18.823529),
    ('aws', 'db.t3.2xlarge', 8, 32, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 19.48334),
    ('aws', 'db.t3.large', 2, 8, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 'db.t3.medium', 2, 4, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 'db.t3.micro', 2, 1, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 'db.t3.small', 2, 2, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 'db.t3.xlarge', 4, 16, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 9.74167),
    ('aws', 'db.x1.16xlarge', 64, 976, 128, 1952, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 944.941176),
    ('aws', 'db.x1.32xlarge', 128, 1952, 128, 1952, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 1889.882353),
    ('aws', 'db.x1e.16xlarge', 64, 1952, 128, 3904, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 1920.941176),
    ('aws', 'db.x1e.2xlarge', 8, 244, 128, 3904, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 240.117647),
    ('aws', 'db.x1e.32xlarge', 128, 3904, 128, 3904, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 3841.882353),
    ('aws', 'db.x1e.4xlarge', 16, 488, 128, 3904, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 480.235294),
    ('aws', 'db.x1e.8xlarge', 32, 976, 128, 3904, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 960.470588),
    ('aws', 'db.x1e.xlarge', 4, 122, 128, 3904, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 120.058824),
    ('aws', 'db.z1d.12xlarge', 48, 384, 48, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 233.800084),
    ('aws', 'db.z1d.2xlarge', 8, 64, 48, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 38.966681),
    ('aws', 'db.z1d.3xlarge', 12, 96, 48, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 58.450021),
    ('aws', 'db.z1d.6xlarge', 24, 192, 48, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 116.900042),
    ('aws', 'db.z1d.large', 2, 16, 48, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 9.74167),
    ('aws', 'db.z1d.xlarge', 4, 32, 48, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 19.48334),
    ('aws', 'dc2.8xlarge', 32, 244, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 173.866667),
    ('aws', 'dc2.large', 2, 15, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 10.866667),
    ('aws', 'ds2.8xlarge', 36, 244, 48, 244, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 136.411765),
    ('aws', 'ds2.xlarge', 4, 31, 48, 244, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 15.156863),
    ('aws', 'f1.16xlarge', 64, 976, 72, 976, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 743.738562),
    ('aws', 'f1.2xlarge', 8, 122, 72, 976, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 92.96732),
    ('aws', 'f1.4xlarge', 16, 244, 72, 976, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 185.934641),
    ('aws', 'g2.2xlarge', 8, 15, 32, 60, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 6.464286),
    ('aws', 'g2.8xlarge', 32, 60, 32, 60, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 25.857143),
    ('aws', 'g3.16xlarge', 64, 488, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 309.960784),
    ('aws', 'g3.4xlarge', 16, 122, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 77.490196),
    ('aws', 'g3.8xlarge', 32, 244, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 154.980392),
    ('aws', 'g3s.xlarge', 4, 30.5, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 19.372549),
    ('aws', 'g4ad.16xlarge', 64, 256, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 82.962963),
    ('aws', 'g4ad.4xlarge', 16, 64, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 20.740741),
    ('aws', 'g4ad.8xlarge', 32, 128, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 41.481481),
    ('aws', 'g4dn.12xlarge', 48, 192, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 86.02795),
    ('aws', 'g4dn.16xlarge', 64, 256, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 114.703934),
    ('aws', 'g4dn.2xlarge', 8, 32, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 14.337992),
    ('aws', 'g4dn.4xlarge', 16, 64, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 28.675983),
    ('aws', 'g4dn.8xlarge', 32, 128, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 57.351967),
    ('aws', 'g4dn.metal', 96, 384, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 172.055901),
    ('aws', 'g4dn.xlarge', 4, 16, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 7.168996),
    ('aws', 'h1.16xlarge', 64, 256, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 103.738562),
    ('aws', 'h1.2xlarge', 8, 32, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 12.96732),
    ('aws', 'h1.4xlarge', 16, 64, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 25.934641),
    ('aws', 'h1.8xlarge', 32, 128, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 51.869281),
    ('aws', 'hs1.8xlarge', 16, 117, 32, 244, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 104.928571),
    ('aws', 'i2.2xlarge', 8, 61, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 43.466667),
    ('aws', 'i2.2xlarge.elasticsearch', 8, 61, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 43.466667),
    ('aws', 'i2.4xlarge', 16, 122, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 86.933333),
    ('aws', 'i2.8xlarge', 32, 244, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 173.866667),
    ('aws', 'i2.xlarge', 4, 30.5, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 21.733333),
    ('aws', 'i2.xlarge.elasticsearch', 4, 30.5, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 21.733333),
    ('aws', 'i3.16xlarge', 64, 488, 72, 512, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 331.294118),
    ('aws', 'i3.16xlarge.elasticsearch', 64, 488, 72, 512, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 331.294118),
    ('aws', 'i3.2xlarge', 8, 61, 72, 512, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 41.411765),
    ('aws', 'i3.2xlarge.elasticsearch', 8, 61, 72, 512, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 41.411765),
    ('aws', 'i3.4xlarge', 16, 122, 72, 512, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 82.823529),
    ('aws', 'i3.4xlarge.elasticsearch', 16, 122, 72, 512, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 82.823529),
    ('aws', 'i3.8xlarge', 32, 244, 72, 512, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 165.647059),
    ('aws', 'i3.8xlarge.elasticsearch', 32, 244, 72, 512, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 165.647059),
    ('aws', 'i3.large', 2, 15.25, 72, 512, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 10.352941),
    ('aws', 'i3.large.elasticsearch', 2, 15.25, 72, 512, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 10.352941),
    ('aws', 'i3.metal', 72, 512, 72, 512, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 372.705882),
    ('aws', 'i3.xlarge', 4, 30.5, 72, 512, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 20.705882),
    ('aws', 'i3.xlarge.elasticsearch', 4, 30.5, 72, 512, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 20.705882),
    ('aws', 'i3en.12xlarge', 48, 384, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 308.900042),
    ('aws', 'i3en.24xlarge', 96, 768, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 617.800084),
    ('aws', 'i3en.2xlarge', 8, 64, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 51.48334),
    ('aws', 'i3en.3xlarge', 12, 96, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 77.225011),
    ('aws', 'i3en.6xlarge', 24, 192, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 154.450021),
    ('aws', 'i3en.large', 2, 16, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 12.870835),
    ('aws', 'i3en.metal', 96, 768, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 617.800084),
    ('aws', 'i3en.xlarge', 4, 32, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 25.74167),
    ('aws', 'inf1.24xlarge', 96, 192, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'inf1.2xlarge', 8, 16, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'inf1.6xlarge', 24, 48, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'inf1.xlarge', 4, 8, 96, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'm1.large', 2, 7.5, 32, 120, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 5.366071),
    ('aws', 'm1.medium', 1, 3.75, 32, 120, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 2.683036),
    ('aws', 'm1.small', 1, 1.7, 32, 120, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 2.683036),
    ('aws', 'm1.xlarge', 4, 15, 32, 120, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 10.732143),
    ('aws', 'm2.2xlarge', 4, 34.2, 32, 280, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 30.732143),
    ('aws', 'm2.4xlarge', 8, 68.4, 32, 280, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 61.464286),
    ('aws', 'm2.xlarge', 2, 17.1, 32, 280, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 15.366071),
    ('aws', 'm3.2xlarge', 8, 30, 32, 240, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 51.464286),
    ('aws', 'm3.2xlarge.elasticsearch', 8, 30, 32, 240, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 51.464286),
    ('aws', 'm3.large', 2, 7.5, 32, 240, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 12.866071),
    ('aws', 'm3.large.elasticsearch', 2, 7.5, 32, 240, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 12.866071),
    ('aws', 'm3.medium', 1, 3.75, 32, 240, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 6.433036),
    ('aws', 'm3.medium.elasticsearch', 1, 3.75, 32, 240, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 6.433036),
    ('aws', 'm3.xlarge', 4, 15, 32, 240, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 25.732143),
    ('aws', 'm3.xlarge.elasticsearch', 4, 15, 32, 240, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 25.732143),
    ('aws', 'm4.10xlarge', 40, 160, 48, 256, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 161.568627),
    ('aws', 'm4.10xlarge.elasticsearch', 40, 160, 48, 256, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 161.568627),
    ('aws', 'm4.16xlarge', 64, 256, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 103.738562),
    ('aws', 'm4.2xlarge', 8, 32, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 12.96732),
    ('aws', 'm4.2xlarge.elasticsearch', 8, 32, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 12.96732),
    ('aws', 'm4.4xlarge', 16, 64, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 25.934641),
    ('aws', 'm4.4xlarge.elasticsearch', 16, 64, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 25.934641),
    ('aws', 'm4.large', 2, 8, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 3.24183),
    ('aws', 'm4.large.elasticsearch', 2, 8, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 3.24183),
    ('aws', 'm4.xlarge', 4, 16, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 6.48366),
    ('aws', 'm4.xlarge.elasticsearch', 4, 16, 72, 256, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 6.48366),
    ('aws', 'm5.12xlarge', 48, 192, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 116.900042),
    ('aws', 'm5.12xlarge.elasticsearch', 48, 192, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 86.02795),
    ('aws', 'm5.16xlarge', 64, 256, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 155.866723),
    ('aws', 'm5.24xlarge', 96, 384, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 233.800084),
    ('aws', 'm5.2xlarge', 8, 32, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 19.48334),
    ('aws', 'm5.2xlarge.elasticsearch', 8, 32, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 14.337992),
    ('aws', 'm5.4xlarge', 16, 64, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 38.966681),
    ('aws', 'm5.4xlarge.elasticsearch', 16, 64, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 28.675983),
    ('aws', 'm5.8xlarge', 32, 128, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 77.933361),
    ('aws', 'm5.large', 2, 8, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 'm5.large.elasticsearch', 2, 8, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 3.584498),
    ('aws', 'm5.metal', 96, 384, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 233.800084),
    ('aws', 'm5.xlarge', 4, 16, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 9.74167),
    ('aws', 'm5.xlarge.elasticsearch', 4, 16, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 7.168996),
    ('aws', 'm5a.12xlarge', 48, 192, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 99.555556),
    ('aws', 'm5a.16xlarge', 64, 256, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 132.740741),
    ('aws', 'm5a.24xlarge', 96, 384, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 199.111111),
    ('aws', 'm5a.2xlarge', 8, 32, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 16.592593),
    ('aws', 'm5a.4xlarge', 16, 64, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 33.185185),
    ('aws', 'm5a.8xlarge', 32, 128, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 66.37037),
    ('aws', 'm5a.large', 2, 8, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 4.148148),
    ('aws', 'm5a.xlarge', 4, 16, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 8.296296),
    ('aws', 'm5ad.12xlarge', 48, 192, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 99.555556),
    ('aws', 'm5ad.16xlarge', 64, 256, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 132.740741),
    ('aws', 'm5ad.24xlarge', 96, 384, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 199.111111),
    ('aws', 'm5ad.2xlarge', 8, 32, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 16.592593),
    ('aws', 'm5ad.4xlarge', 16, 64, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 33.185185),
    ('aws', 'm5ad.8xlarge', 32, 128, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 66.37037),
    ('aws', 'm5ad.large', 2, 8, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 4.148148),
    ('aws', 'm5ad.xlarge', 4, 16, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 8.296296),
    ('aws', 'm5d.12xlarge', 48, 192, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 116.900042),
    ('aws', 'm5d.16xlarge', 64, 256, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 155.866723),
    ('aws', 'm5d.24xlarge', 96, 384, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 233.800084),
    ('aws', 'm5d.2xlarge', 8, 32, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 19.48334),
    ('aws', 'm5d.4xlarge', 16, 64, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 38.966681),
    ('aws', 'm5d.8xlarge', 32, 128, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 77.933361),
    ('aws', 'm5d.large', 2, 8, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 'm5d.metal', 96, 384, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 233.800084),
    ('aws', 'm5d.xlarge', 4, 16, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 9.74167),
    ('aws', 'm5dn.12xlarge', 48, 192, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 86.02795),
    ('aws', 'm5dn.16xlarge', 64, 256, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 114.703934),
    ('aws', 'm5dn.24xlarge', 96, 384, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 172.055901),
    ('aws', 'm5dn.2xlarge', 8, 32, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 14.337992),
    ('aws', 'm5dn.4xlarge', 16, 64, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 28.675983),
    ('aws', 'm5dn.8xlarge', 32, 128, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 57.351967),
    ('aws', 'm5dn.large', 2, 8, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 3.584498),
    ('aws', 'm5dn.metal', 96, 384, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 172.055901),
    ('aws', 'm5dn.xlarge', 4, 16, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 7.168996),
    ('aws', 'm5n.12xlarge', 48, 192, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 86.02795),
    ('aws', 'm5n.16xlarge', 64, 256, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 114.703934),
    ('aws', 'm5n.24xlarge', 96, 384, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 172.055901),
    ('aws', 'm5n.2xlarge', 8, 32, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 14.337992),
    ('aws', 'm5n.4xlarge', 16, 64, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 28.675983),
    ('aws', 'm5n.8xlarge', 32, 128, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 57.351967),
    ('aws', 'm5n.large', 2, 8, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 3.584498),
    ('aws', 'm5n.metal', 96, 384, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 172.055901),
    ('aws', 'm5n.xlarge', 4, 16, 96, 384, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 7.168996),
    ('aws', 'm5zn.12xlarge', 48, 192, 48, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'm5zn.2xlarge', 8, 32, 48, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'm5zn.3xlarge', 12, 48, 48, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'm5zn.6xlarge', 24, 96, 48, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'm5zn.large', 2, 8, 48, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'm5zn.metal', 48, 192, 48, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'm5zn.xlarge', 4, 16, 48, 192, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 0),
    ('aws', 'm6g.12xlarge', 48, 192, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 94.666667),
    ('aws', 'm6g.12xlarge.elasticsearch', 48, 192, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 94.666667),
    ('aws', 'm6g.16xlarge', 64, 256, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 126.222222),
    ('aws', 'm6g.2xlarge', 8, 32, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 15.777778),
    ('aws', 'm6g.2xlarge.elasticsearch', 8, 32, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 15.777778),
    ('aws', 'm6g.4xlarge', 16, 64, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 31.555556),
    ('aws', 'm6g.4xlarge.elasticsearch', 16, 64, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 31.555556),
    ('aws', 'm6g.8xlarge', 32, 128, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 63.111111),
    ('aws', 'm6g.8xlarge.elasticsearch', 32, 128, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 63.111111),
    ('aws', 'm6g.large', 2, 8, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 3.944444),
    ('aws', 'm6g.large.elasticsearch', 2, 8, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 3.944444),
    ('aws', 'm6g.medium', 1, 4, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 1.972222),
    ('aws', 'm6g.metal', 64, 256, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 126.222222),
    ('aws', 'm6g.xlarge', 4, 16, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 7.888889),
    ('aws', 'm6g.xlarge.elasticsearch', 4, 16, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 7.888889),
    ('aws', 'm6gd.12xlarge', 48, 192, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 94.666667),
    ('aws', 'm6gd.16xlarge', 64, 256, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 126.222222),
    ('aws', 'm6gd.2xlarge', 8, 32, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 15.777778),
    ('aws', 'm6gd.4xlarge', 16, 64, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 31.555556),
    ('aws', 'm6gd.8xlarge', 32, 128, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 63.111111),
    ('aws', 'm6gd.large', 2, 8, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 3.944444),
    ('aws', 'm6gd.medium', 1, 4, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 1.972222),
    ('aws', 'm6gd.metal', 64, 256, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 126.222222),
    ('aws', 'm6gd.xlarge', 4, 16, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 7.888889),
    ('aws', 'm6i.12xlarge', 48, 192, 128, 512, ARRAY['Ice Lake']::text[], 0.766797, 3.758203, 0.766797, 3.758203, 0.766797, 3.758203, 90),
    ('aws', 'm6i.16xlarge', 64, 256, 128, 512, ARRAY['Ice Lake']::text[], 0.766797, 3.758203, 0.766797, 3.758203, 0.766797, 3.758203, 120),
    ('aws', 'm6i.24xlarge', 96, 384, 128, 512, ARRAY['Ice Lake']::text[], 0.766797, 3.758203, 0.766797, 3.758203, 0.766797, 3.758203, 180),
    ('aws', 'm6i.2xlarge', 8, 32, 128, 512, ARRAY['Ice Lake']::text[], 0.766797, 3.758203, 0.766797, 3.758203, 0.766797, 3.758203, 15),
    ('aws', 'm6i.32xlarge', 128, 512, 128, 512, ARRAY['Ice Lake']::text[], 0.766797, 3.758203, 0.766797, 3.758203, 0.766797, 3.758203, 240),
    ('aws', 'm6i.4xlarge', 16, 64, 128, 512, ARRAY['Ice Lake']::text[], 0.766797, 3.758203, 0.766797, 3.758203, 0.766797, 3.758203, 30),
    ('aws', 'm6i.8xlarge', 32, 128, 128, 512, ARRAY['Ice Lake']::text[], 0.766797, 3.758203, 0.766797, 3.758203, 0.766797, 3.758203, 60),
    ('aws', 'm6i.large', 2, 8, 128, 512, ARRAY['Ice Lake']::text[], 0.766797, 3.758203, 0.766797, 3.758203, 0.766797, 3.758203, 3.75),
    ('aws', 'm6i.xlarge', 4, 16, 128, 512, ARRAY['Ice Lake']::text[], 0.766797, 3.758203, 0.766797, 3.758203, 0.766797, 3.758203, 7.5),
    ('aws', 'mac1.metal', 12, 32, 12, 32, ARRAY['Coffee Lake']::text[], 1.138426, 5.421759, 1.138426, 5.421759, 1.138426, 5.421759, 12.444444),
    ('aws', 'p2.16xlarge', 64, 732, 72, 732, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 526.849673),
    ('aws', 'p2.8xlarge', 32, 488, 72, 732, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 263.424837),
    ('aws', 'p2.xlarge', 4, 61, 72, 732, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 32.928105),
    ('aws', 'p3.16xlarge', 64, 488, 72, 768, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 558.849673),
    ('aws', 'p3.2xlarge', 8, 61, 72, 768, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 69.856209),
    ('aws', 'p3.8xlarge', 32, 244, 72, 768, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 279.424837),
    ('aws', 'p3dn.24xlarge', 96, 768, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 617.800084),
    ('aws', 'p4d.24xlarge', 96, 1152, 96, 1152, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 940.055901),
    ('aws', 'r3.2xlarge', 8, 61, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 43.466667),
    ('aws', 'r3.2xlarge.elasticsearch', 8, 61, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 43.466667),
    ('aws', 'r3.4xlarge', 16, 122, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 86.933333),
    ('aws', 'r3.4xlarge.elasticsearch', 16, 122, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 86.933333),
    ('aws', 'r3.8xlarge', 32, 244, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 173.866667),
    ('aws', 'r3.8xlarge.elasticsearch', 32, 244, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 173.866667),
    ('aws', 'r3.large', 2, 15.25, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 10.866667),
    ('aws', 'r3.large.elasticsearch', 2, 15.25, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 10.866667),
    ('aws', 'r3.xlarge', 4, 30.5, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 21.733333),
    ('aws', 'r3.xlarge.elasticsearch', 4, 30.5, 40, 244, ARRAY['Ivy Bridge']::text[], 1.707431, 5.556944, 1.707431, 5.556944, 1.707431, 5.556944, 21.733333),
    ('aws', 'r4.16xlarge', 64, 488, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 309.960784),
    ('aws', 'r4.16xlarge.elasticsearch', 64, 488, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 309.960784),
    ('aws', 'r4.2xlarge', 8, 61, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 38.745098),
    ('aws', 'r4.2xlarge.elasticsearch', 8, 61, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 38.745098),
    ('aws', 'r4.4xlarge', 16, 122, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 77.490196),
    ('aws', 'r4.4xlarge.elasticsearch', 16, 122, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 77.490196),
    ('aws', 'r4.8xlarge', 32, 244, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 154.980392),
    ('aws', 'r4.8xlarge.elasticsearch', 32, 244, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 154.980392),
    ('aws', 'r4.large', 2, 15.25, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 9.686275),
    ('aws', 'r4.large.elasticsearch', 2, 15.25, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 9.686275),
    ('aws', 'r4.xlarge', 4, 30.5, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 19.372549),
    ('aws', 'r4.xlarge.elasticsearch', 4, 30.5, 72, 488, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 19.372549),
    ('aws', 'r5.12xlarge', 48, 384, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 308.900042),
    ('aws', 'r5.12xlarge.elasticsearch', 48, 384, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 308.900042),
    ('aws', 'r5.16xlarge', 64, 512, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 411.866723),
    ('aws', 'r5.24xlarge', 96, 768, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 617.800084),
    ('aws', 'r5.2xlarge', 8, 64, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 51.48334),
    ('aws', 'r5.2xlarge.elasticsearch', 8, 64, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 51.48334),
    ('aws', 'r5.4xlarge', 16, 128, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 102.966681),
    ('aws', 'r5.4xlarge.elasticsearch', 16, 128, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 102.966681),
    ('aws', 'r5.8xlarge', 32, 256, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 205.933361),
    ('aws', 'r5.large', 2, 16, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 12.870835),
    ('aws', 'r5.large.elasticsearch', 2, 16, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 12.870835),
    ('aws', 'r5.metal', 96, 768, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 617.800084),
    ('aws', 'r5.xlarge', 4, 32, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 25.74167),
    ('aws', 'r5.xlarge.elasticsearch', 4, 32, 96, 768, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 25.74167),
    ('aws', 'r5a.12xlarge', 48, 384, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 291.555556),
    ('aws', 'r5a.16xlarge', 64, 512, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 388.740741),
    ('aws', 'r5a.24xlarge', 96, 768, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 583.111111),
    ('aws', 'r5a.2xlarge', 8, 64, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 48.592593),
    ('aws', 'r5a.4xlarge', 16, 128, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 97.185185),
    ('aws', 'r5a.8xlarge', 32, 256, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 194.37037),
    ('aws', 'r5a.large', 2, 16, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 12.148148),
    ('aws', 'r5a.xlarge', 4, 32, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 24.296296),
    ('aws', 'r5ad.12xlarge', 48, 384, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 291.555556),
    ('aws', 'r5ad.16xlarge', 64, 512, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 388.740741),
    ('aws', 'r5ad.24xlarge', 96, 768, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 583.111111),
    ('aws', 'r5ad.2xlarge', 8, 64, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 48.592593),
    ('aws', 'r5ad.4xlarge', 16, 128, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 97.185185),
    ('aws', 'r5ad.8xlarge', 32, 256, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 194.37037),
    ('aws', 'r5ad.large', 2, 16, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 12.148148),
    ('aws', 'r5ad.xlarge', 4, 32, 96, 768, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 24.296296),
    ('aws', 'r5b.12xlarge', 48, 384, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 278.02795),
    ('aws', 'r5b.16xlarge', 64, 512, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 370.703934),
    ('aws', 'r5b.24xlarge', 96, 768, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 556.055901),
    ('aws', 'r5b.2xlarge', 8, 64, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 46.337992),
    ('aws', 'r5b.4xlarge', 16, 128, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 92.675983),
    ('aws', 'r5b.8xlarge', 32, 256, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 185.351967),
    ('aws', 'r5b.large', 2, 16, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 11.584498),
    ('aws', 'r5b.metal', 96, 768, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 556.055901),
    ('aws', 'r5b.xlarge', 4, 32, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 23.168996),
    ('aws', 'r5d.12xlarge', 48, 384, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 278.02795),
    ('aws', 'r5d.16xlarge', 64, 512, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 370.703934),
    ('aws', 'r5d.24xlarge', 96, 768, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 556.055901),
    ('aws', 'r5d.2xlarge', 8, 64, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 46.337992),
    ('aws', 'r5d.4xlarge', 16, 128, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 92.675983),
    ('aws', 'r5d.8xlarge', 32, 256, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 185.351967),
    ('aws', 'r5d.large', 2, 16, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 11.584498),
    ('aws', 'r5d.metal', 96, 768, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 556.055901),
    ('aws', 'r5d.xlarge', 4, 32, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 23.168996),
    ('aws', 'r5dn.12xlarge', 48, 384, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 278.02795),
    ('aws', 'r5dn.16xlarge', 64, 512, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 370.703934),
    ('aws', 'r5dn.24xlarge', 96, 768, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 556.055901),
    ('aws', 'r5dn.2xlarge', 8, 64, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 46.337992),
    ('aws', 'r5dn.4xlarge', 16, 128, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 92.675983),
    ('aws', 'r5dn.8xlarge', 32, 256, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 185.351967),
    ('aws', 'r5dn.large', 2, 16, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 11.584498),
    ('aws', 'r5dn.metal', 96, 768, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 556.055901),
    ('aws', 'r5dn.xlarge', 4, 32, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 23.168996),
    ('aws', 'r5n.12xlarge', 48, 384, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 278.02795),
    ('aws', 'r5n.16xlarge', 64, 512, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 370.703934),
    ('aws', 'r5n.24xlarge', 96, 768, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 556.055901),
    ('aws', 'r5n.2xlarge', 8, 64, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 46.337992),
    ('aws', 'r5n.4xlarge', 16, 128, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 92.675983),
    ('aws', 'r5n.8xlarge', 32, 256, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 185.351967),
    ('aws', 'r5n.large', 2, 16, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 11.584498),
    ('aws', 'r5n.metal', 96, 768, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 556.055901),
    ('aws', 'r5n.xlarge', 4, 32, 96, 768, ARRAY['Cascade Lake']::text[], 0.690298, 4.063194, 0.690298, 4.063194, 0.690298, 4.063194, 23.168996),
    ('aws', 'r6g.12xlarge', 48, 384, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 286.666667),
    ('aws', 'r6g.12xlarge.elasticsearch', 48, 384, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 286.666667),
    ('aws', 'r6g.16xlarge', 64, 512, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 382.222222),
    ('aws', 'r6g.2xlarge', 8, 64, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 47.777778),
    ('aws', 'r6g.2xlarge.elasticsearch', 8, 64, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 47.777778),
    ('aws', 'r6g.4xlarge', 16, 128, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 95.555556),
    ('aws', 'r6g.4xlarge.elasticsearch', 16, 128, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 95.555556),
    ('aws', 'r6g.8xlarge', 32, 256, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 191.111111),
    ('aws', 'r6g.8xlarge.elasticsearch', 32, 256, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 191.111111),
    ('aws', 'r6g.large', 2, 16, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 11.944444),
    ('aws', 'r6g.large.elasticsearch', 2, 16, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 11.944444),
    ('aws', 'r6g.medium', 1, 8, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 5.972222),
    ('aws', 'r6g.metal', 64, 512, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 382.222222),
    ('aws', 'r6g.xlarge', 4, 32, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 23.888889),
    ('aws', 'r6g.xlarge.elasticsearch', 4, 32, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 23.888889),
    ('aws', 'r6gd.12xlarge', 48, 384, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 286.666667),
    ('aws', 'r6gd.12xlarge.elasticsearch', 48, 384, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 286.666667),
    ('aws', 'r6gd.16xlarge', 64, 512, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 382.222222),
    ('aws', 'r6gd.16xlarge.elasticsearch', 64, 512, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 382.222222),
    ('aws', 'r6gd.2xlarge', 8, 64, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 47.777778),
    ('aws', 'r6gd.2xlarge.elasticsearch', 8, 64, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 47.777778),
    ('aws', 'r6gd.4xlarge', 16, 128, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 95.555556),
    ('aws', 'r6gd.4xlarge.elasticsearch', 16, 128, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 95.555556),
    ('aws', 'r6gd.8xlarge', 32, 256, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 191.111111),
    ('aws', 'r6gd.8xlarge.elasticsearch', 32, 256, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 191.111111),
    ('aws', 'r6gd.large', 2, 16, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 11.944444),
    ('aws', 'r6gd.large.elasticsearch', 2, 16, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 11.944444),
    ('aws', 'r6gd.medium', 1, 8, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 5.972222),
    ('aws', 'r6gd.metal', 64, 512, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 382.222222),
    ('aws', 'r6gd.xlarge', 4, 32, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 23.888889),
    ('aws', 'r6gd.xlarge.elasticsearch', 4, 32, 64, 512, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 23.888889),
    ('aws', 'ra3.16xlarge', 48, 384, 48, 384, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 321.882353),
    ('aws', 'ra3.4xlarge', 12, 96, 48, 384, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 80.470588),
    ('aws', 't1.micro', 1, 613, 32, 144, ARRAY['Sandy Bridge']::text[], 2.212243, 8.630871, 2.212243, 8.630871, 2.212243, 8.630871, 3.433036),
    ('aws', 't2.2xlarge', 8, 32, 72, 288, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 16.522876),
    ('aws', 't2.large', 2, 8, 72, 288, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 4.130719),
    ('aws', 't2.medium', 2, 4, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 9.411765),
    ('aws', 't2.medium.elasticsearch', 2, 4, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 9.411765),
    ('aws', 't2.micro', 1, 1, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 4.705882),
    ('aws', 't2.micro.elasticsearch', 1, 1, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 4.705882),
    ('aws', 't2.nano', 1, 0.5, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 4.705882),
    ('aws', 't2.small', 1, 2, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 4.705882),
    ('aws', 't2.small.elasticsearch', 1, 2, 48, 288, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 4.705882),
    ('aws', 't2.xlarge', 4, 16, 72, 288, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 8.261438),
    ('aws', 't3.2xlarge', 8, 32, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 19.48334),
    ('aws', 't3.large', 2, 8, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 't3.medium', 2, 4, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 't3.medium.elasticsearch', 2, 4, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 't3.micro', 2, 1, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 't3.nano', 2, 0.5, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 't3.small', 2, 2, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 't3.small.elasticsearch', 2, 2, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 4.870835),
    ('aws', 't3.xlarge', 4, 16, 96, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 9.74167),
    ('aws', 't3a.2xlarge', 8, 32, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 16.592593),
    ('aws', 't3a.large', 2, 8, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 4.148148),
    ('aws', 't3a.medium', 2, 4, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 4.148148),
    ('aws', 't3a.micro', 2, 1, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 4.148148),
    ('aws', 't3a.nano', 2, 0.5, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 4.148148),
    ('aws', 't3a.small', 2, 2, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 4.148148),
    ('aws', 't3a.xlarge', 4, 16, 96, 384, ARRAY['EPYC 1st Gen']::text[], 0.846788, 2.604167, 0.846788, 2.604167, 0.846788, 2.604167, 8.296296),
    ('aws', 't4g.2xlarge', 8, 32, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 15.777778),
    ('aws', 't4g.large', 2, 8, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 3.944444),
    ('aws', 't4g.medium', 2, 4, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 3.944444),
    ('aws', 't4g.micro', 2, 1, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 3.944444),
    ('aws', 't4g.nano', 2, 0.5, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 3.944444),
    ('aws', 't4g.small', 2, 2, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 3.944444),
    ('aws', 't4g.xlarge', 4, 16, 64, 256, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 7.888889),
    ('aws', 'u-12tb1.metal', 448, 12288, 448, 24576, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 24425.800084),
    ('aws', 'u-18tb1.metal', 448, 18432, 448, 24576, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 24425.800084),
    ('aws', 'u-24tb1.metal', 448, 24576, 448, 24576, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 24425.800084),
    ('aws', 'u-6tb1.metal', 448, 6144, 448, 24576, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 24425.800084),
    ('aws', 'u-9tb1.metal', 448, 9216, 448, 24576, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 24425.800084),
    ('aws', 'x1.16xlarge', 64, 976, 128, 1952, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 944.941176),
    ('aws', 'x1.32xlarge', 128, 1952, 128, 1952, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 1889.882353),
    ('aws', 'x1e.16xlarge', 64, 1952, 128, 3904, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 1920.941176),
    ('aws', 'x1e.2xlarge', 8, 244, 128, 3904, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 240.117647),
    ('aws', 'x1e.32xlarge', 128, 3904, 128, 3904, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 3841.882353),
    ('aws', 'x1e.4xlarge', 16, 488, 128, 3904, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 480.235294),
    ('aws', 'x1e.8xlarge', 32, 976, 128, 3904, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 960.470588),
    ('aws', 'x1e.xlarge', 4, 122, 128, 3904, ARRAY['Haswell']::text[], 1.857353, 5.595384, 1.857353, 5.595384, 1.857353, 5.595384, 120.058824),
    ('aws', 'x2gd.12xlarge', 48, 768, 64, 1024, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 670.666667),
    ('aws', 'x2gd.16xlarge', 64, 1024, 64, 1024, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 894.222222),
    ('aws', 'x2gd.2xlarge', 8, 128, 64, 1024, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 111.777778),
    ('aws', 'x2gd.4xlarge', 16, 256, 64, 1024, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 223.555556),
    ('aws', 'x2gd.8xlarge', 32, 512, 64, 1024, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 447.111111),
    ('aws', 'x2gd.large', 2, 32, 64, 1024, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 27.944444),
    ('aws', 'x2gd.medium', 1, 16, 64, 1024, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 13.972222),
    ('aws', 'x2gd.metal', 64, 1024, 64, 1024, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 894.222222),
    ('aws', 'x2gd.xlarge', 4, 64, 64, 1024, ARRAY['Graviton2']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 55.888889),
    ('aws', 'z1d.12xlarge', 48, 384, 48, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 233.800084),
    ('aws', 'z1d.2xlarge', 8, 64, 48, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 38.966681),
    ('aws', 'z1d.3xlarge', 12, 96, 48, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 58.450021),
    ('aws', 'z1d.6xlarge', 24, 192, 48, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 116.900042),
    ('aws', 'z1d.large', 2, 16, 48, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 9.74167),
    ('aws', 'z1d.metal', 48, 384, 48, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 233.800084),
    ('aws', 'z1d.xlarge', 4, 32, 48, 384, ARRAY['Skylake']::text[], 0.612989, 4.10417, 0.612989, 4.10417, 0.612989, 4.10417, 19.48334),
    ('azure', 'a1 v2', 1, 2, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'a2 v2', 2, 4, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'a2m v2', 2, 16, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'a4 v2', 4, 8, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'a4m v2', 4, 32, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'a8 v2', 8, 16, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'a8m v2', 8, 64, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'b12ms', 12, 48, 20, 80, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'b16ms', 16, 64, 20, 80, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'b1ls', 1, 0.5, 20, 80, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'b1ms', 1, 2, 20, 80, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'b1s', 1, 1, 20, 80, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'b20ms', 20, 80, 20, 80, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'b2ms', 2, 8, 20, 80, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'b2s', 2, 4, 20, 80, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'b4ms', 4, 16, 20, 80, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'b8ms', 8, 32, 20, 80, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'd1 v2', 1, 3.5, 16, 56, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'd11 v2', 2, 14, 20, 140, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0.224728),
    ('azure', 'd12 v2', 4, 28, 20, 140, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0.449457),
    ('azure', 'd13 v2', 8, 56, 20, 140, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0.898914),
    ('azure', 'd14 v2', 16, 112, 20, 140, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 1.797828),
    ('azure', 'd15 v2', 20, 140, 20, 140, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 2.247285),
    ('azure', 'd15i v2 1', 20, 140, 20, 140, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 2.247285),
    ('azure', 'd16 v3', 16, 64, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 29.561821),
    ('azure', 'd16 v4', 16, 64, 16, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 59.764706),
    ('azure', 'd16a v4', 16, 64, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 20.740741),
    ('azure', 'd16as v4', 16, 64, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 20.740741),
    ('azure', 'd16d v4', 16, 64, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 14.941176),
    ('azure', 'd16ds v4', 16, 64, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 14.941176),
    ('azure', 'd16s v3', 16, 64, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 29.561821),
    ('azure', 'd16s v4', 16, 64, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 29.561821),
    ('azure', 'd2 v2', 2, 7, 16, 56, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'd2 v3', 2, 8, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 3.695228),
    ('azure', 'd2 v4', 2, 8, 256, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 0.466912),
    ('azure', 'd2a v4', 2, 8, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 2.592593),
    ('azure', 'd2as v4', 2, 8, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 2.592593),
    ('azure', 'd2d v4', 2, 8, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 1.867647),
    ('azure', 'd2ds v4', 2, 8, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 1.867647),
    ('azure', 'd2s v3', 2, 8, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 3.695228),
    ('azure', 'd2s v4', 2, 8, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 3.695228),
    ('azure', 'd3 v2', 4, 14, 16, 56, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'd32 v3', 32, 128, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 59.123642),
    ('azure', 'd32 v4', 32, 128, 256, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 7.470588),
    ('azure', 'd32a v4', 32, 128, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 41.481481),
    ('azure', 'd32as v4', 32, 128, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 41.481481),
    ('azure', 'd32d v4', 32, 128, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 29.882353),
    ('azure', 'd32ds v4', 32, 128, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 29.882353),
    ('azure', 'd32s v3', 32, 128, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 59.123642),
    ('azure', 'd32s v4', 32, 128, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 59.123642),
    ('azure', 'd4 v2', 8, 28, 16, 56, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'd4 v3', 4, 16, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 7.390455),
    ('azure', 'd4 v4', 4, 16, 256, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 0.933824),
    ('azure', 'd48 v3', 48, 192, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 88.685464),
    ('azure', 'd48 v4', 48, 192, 256, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 11.205882),
    ('azure', 'd48a v4', 48, 192, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 62.222222),
    ('azure', 'd48as v4', 48, 192, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 62.222222),
    ('azure', 'd48d v4', 48, 192, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 44.823529),
    ('azure', 'd48ds v4', 48, 192, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 44.823529),
    ('azure', 'd48s v3', 48, 192, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 88.685464),
    ('azure', 'd48s v4', 48, 192, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 88.685464),
    ('azure', 'd4a v4', 4, 16, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 5.185185),
    ('azure', 'd4as v4', 4, 16, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 5.185185),
    ('azure', 'd4d v4', 4, 16, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 3.735294),
    ('azure', 'd4ds v4', 4, 16, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 3.735294),
    ('azure', 'd4s v3', 4, 16, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 7.390455),
    ('azure', 'd4s v4', 4, 16, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 7.390455),
    ('azure', 'd5 v2', 16, 56, 16, 56, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'd64 v3', 64, 256, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 118.247285),
    ('azure', 'd64 v4', 64, 256, 256, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 14.941176),
    ('azure', 'd64a v4', 64, 256, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 82.962963),
    ('azure', 'd64as v4', 64, 256, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 82.962963),
    ('azure', 'd64d v4', 64, 256, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 59.764706),
    ('azure', 'd64ds v4', 64, 256, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 59.764706),
    ('azure', 'd64s v3', 64, 256, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 118.247285),
    ('azure', 'd64s v4', 64, 256, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 118.247285),
    ('azure', 'd8 v3', 8, 32, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 14.780911),
    ('azure', 'd8 v4', 8, 32, 256, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 1.867647),
    ('azure', 'd8a v4', 8, 32, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 10.37037),
    ('azure', 'd8as v4', 8, 32, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 10.37037),
    ('azure', 'd8d v4', 8, 32, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 7.470588),
    ('azure', 'd8ds v4', 8, 32, 64, 256, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 7.470588),
    ('azure', 'd8s v3', 8, 32, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 14.780911),
    ('azure', 'd8s v4', 8, 32, 64, 256, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 14.780911),
    ('azure', 'd96a v4', 96, 384, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 124.444444),
    ('azure', 'd96as v4', 96, 384, 96, 384, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 124.444444),
    ('azure', 'dc1s v2', 1, 4, 8, 32, ARRAY['Coffee Lake']::text[], 1.138426, 5.421759, 1.138426, 5.421759, 1.138426, 5.421759, 0),
    ('azure', 'dc2s v2', 2, 8, 8, 32, ARRAY['Coffee Lake']::text[], 1.138426, 5.421759, 1.138426, 5.421759, 1.138426, 5.421759, 0),
    ('azure', 'dc4s v2', 4, 16, 8, 32, ARRAY['Coffee Lake']::text[], 1.138426, 5.421759, 1.138426, 5.421759, 1.138426, 5.421759, 0),
    ('azure', 'dc8 v2', 8, 32, 8, 32, ARRAY['Coffee Lake']::text[], 1.138426, 5.421759, 1.138426, 5.421759, 1.138426, 5.421759, 0),
    ('azure', 'ds1 v2', 1, 3.5, 16, 56, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'ds11 v2', 2, 14, 20, 140, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0.224728),
    ('azure', 'ds11-1 v2', 1, 14, 2, 14, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'ds12 v2', 4, 28, 20, 140, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0.449457),
    ('azure', 'ds12-1 v2', 1, 28, 4, 28, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'ds12-2 v2', 2, 28, 4, 28, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'ds13 v2', 8, 56, 20, 140, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0.898914),
    ('azure', 'ds13-2 v2', 2, 56, 8, 56, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'ds13-4 v2', 4, 56, 8, 56, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'ds14 v2', 16, 112, 20, 140, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 1.797828),
    ('azure', 'ds14-4 v2', 4, 112, 16, 112, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'ds14-8 v2', 8, 112, 16, 112, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'ds15 v2', 20, 140, 20, 140, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 2.247285),
    ('azure', 'ds15i v2 1', 20, 140, 20, 140, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 2.247285),
    ('azure', 'ds2 v2', 2, 7, 16, 56, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'ds3 v2', 4, 14, 16, 56, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'ds4 v2', 8, 28, 16, 56, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'ds5 v2', 16, 56, 16, 56, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'e16 v3', 16, 128, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 66.634152),
    ('azure', 'e16 v4', 16, 128, 96, 672, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 79.294118),
    ('azure', 'e16 v5', 16, 128, 96, 672, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 85.231718),
    ('azure', 'e16-4as v4', 4, 128, 16, 128, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e16-4ds v4', 4, 128, 16, 128, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e16-4s v3', 4, 128, 16, 128, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e16-4s v4', 4, 128, 16, 128, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e16-8as v4', 8, 128, 16, 128, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e16-8ds v4', 8, 128, 16, 128, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e16-8s v3', 8, 128, 16, 128, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e16-8s v4', 8, 128, 16, 128, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e16a v4', 16, 128, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 68.740741),
    ('azure', 'e16as v4', 16, 128, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 68.740741),
    ('azure', 'e16d v4', 16, 128, 64, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 76.941176),
    ('azure', 'e16ds v4', 16, 128, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 61.552941),
    ('azure', 'e16s v3', 16, 128, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 66.634152),
    ('azure', 'e16s v4', 16, 128, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 61.552941),
    ('azure', 'e2 v3', 2, 16, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 8.329269),
    ('azure', 'e2 v4', 2, 16, 96, 672, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 9.911765),
    ('azure', 'e2 v5', 2, 16, 96, 672, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 10.653965),
    ('azure', 'e20 v3', 20, 160, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 83.29269),
    ('azure', 'e20 v5', 20, 160, 96, 672, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 106.539648),
    ('azure', 'e20a v4', 20, 160, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 85.925926),
    ('azure', 'e20as v4', 20, 160, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 85.925926),
    ('azure', 'e20d v4', 20, 160, 64, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 96.176471),
    ('azure', 'e20ds v4', 20, 160, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 76.941176),
    ('azure', 'e20s v3', 20, 160, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 83.29269),
    ('azure', 'e20s v4', 20, 160, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 76.941176),
    ('azure', 'e2a v4', 2, 16, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 8.592593),
    ('azure', 'e2as v4', 2, 16, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 8.592593),
    ('azure', 'e2d v4', 2, 16, 64, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 9.617647),
    ('azure', 'e2ds v4', 2, 16, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 7.694118),
    ('azure', 'e2s v3', 2, 16, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 8.329269),
    ('azure', 'e2s v4', 2, 16, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 7.694118),
    ('azure', 'e32 v3', 32, 256, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 133.268305),
    ('azure', 'e32 v4', 32, 256, 96, 672, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 158.588235),
    ('azure', 'e32 v5', 32, 256, 96, 672, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 170.463436),
    ('azure', 'e32-16as v4', 16, 256, 32, 256, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 47.695155),
    ('azure', 'e32-16ds v4', 16, 256, 32, 256, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 47.695155),
    ('azure', 'e32-16s v3', 16, 256, 32, 256, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 47.695155),
    ('azure', 'e32-16s v4', 16, 256, 32, 256, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 47.695155),
    ('azure', 'e32-8as v4', 8, 256, 32, 256, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 23.847577),
    ('azure', 'e32-8ds v4', 8, 256, 32, 256, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 23.847577),
    ('azure', 'e32-8s v3', 8, 256, 32, 256, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 23.847577),
    ('azure', 'e32-8s v4', 8, 256, 32, 256, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 23.847577),
    ('azure', 'e32a v4', 32, 256, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 137.481481),
    ('azure', 'e32as v4', 32, 256, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 137.481481),
    ('azure', 'e32d v4', 32, 256, 64, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 153.882353),
    ('azure', 'e32ds v4', 32, 256, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 123.105882),
    ('azure', 'e32s v3', 32, 256, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 133.268305),
    ('azure', 'e32s v4', 32, 256, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 123.105882),
    ('azure', 'e4 v3', 4, 32, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 16.658538),
    ('azure', 'e4 v4', 4, 32, 96, 672, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 19.823529),
    ('azure', 'e4 v5', 4, 32, 96, 672, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 21.30793),
    ('azure', 'e4-2as v4', 2, 32, 4, 32, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e4-2ds v4', 2, 32, 4, 32, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e4-2s v3', 2, 32, 4, 32, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e4-2s v4', 2, 32, 4, 32, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e48 v3', 48, 384, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 199.902457),
    ('azure', 'e48 v4', 48, 384, 96, 672, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 237.882353),
    ('azure', 'e48 v5', 48, 384, 96, 672, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 255.695155),
    ('azure', 'e48a v4', 48, 384, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 206.222222),
    ('azure', 'e48as v4', 48, 384, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 206.222222),
    ('azure', 'e48d v4', 48, 384, 64, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 230.823529),
    ('azure', 'e48ds v4', 48, 384, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 184.658824),
    ('azure', 'e48s v3', 48, 384, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 199.902457),
    ('azure', 'e48s v4', 48, 384, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 184.658824),
    ('azure', 'e4a v4', 4, 32, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 17.185185),
    ('azure', 'e4as v4', 4, 32, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 17.185185),
    ('azure', 'e4d v4', 4, 32, 64, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 19.235294),
    ('azure', 'e4ds v4', 4, 32, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 15.388235),
    ('azure', 'e4s v3', 4, 32, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 16.658538),
    ('azure', 'e4s v4', 4, 32, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 15.388235),
    ('azure', 'e64 v3', 64, 432, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 266.53661),
    ('azure', 'e64 v4', 64, 504, 96, 672, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 317.176471),
    ('azure', 'e64 v5', 64, 512, 96, 672, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 340.926873),
    ('azure', 'e64-16as v4', 16, 512, 64, 512, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 87.847577),
    ('azure', 'e64-16ds v4', 16, 504, 64, 504, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 85.847577),
    ('azure', 'e64-16s v3', 16, 432, 64, 432, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 67.847577),
    ('azure', 'e64-16s v4', 16, 504, 64, 504, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 85.847577),
    ('azure', 'e64-32as v4', 32, 512, 64, 512, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 175.695155),
    ('azure', 'e64-32ds v4', 32, 504, 64, 504, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 171.695155),
    ('azure', 'e64-32s v3', 32, 432, 64, 432, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 135.695155),
    ('azure', 'e64-32s v4', 32, 504, 64, 504, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 171.695155),
    ('azure', 'e64a v4', 64, 512, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 274.962963),
    ('azure', 'e64as v4', 64, 512, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 274.962963),
    ('azure', 'e64d v4', 64, 504, 64, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 307.764706),
    ('azure', 'e64ds v4', 64, 504, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 246.211765),
    ('azure', 'e64i v3 1', 64, 432, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 266.53661),
    ('azure', 'e64is v3 1', 64, 432, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 266.53661),
    ('azure', 'e64s v3', 64, 432, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 266.53661),
    ('azure', 'e64s v4', 64, 504, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 246.211765),
    ('azure', 'e8 v3', 8, 64, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 33.317076),
    ('azure', 'e8 v4', 8, 64, 96, 672, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 39.647059),
    ('azure', 'e8 v5', 8, 64, 96, 672, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 42.615859),
    ('azure', 'e8-2as v4', 2, 64, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e8-2ds v4', 2, 64, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e8-2s v3', 2, 64, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e8-2s v4', 2, 64, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e8-4as v4', 4, 64, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e8-4ds v4', 4, 64, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e8-4s v3', 4, 64, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e8-4s v4', 4, 64, 8, 64, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'e80ids v4 1', 80, 504, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 307.764706),
    ('azure', 'e80is v4 1', 80, 504, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 307.764706),
    ('azure', 'e8a v4', 8, 64, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 34.37037),
    ('azure', 'e8as v4', 8, 64, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 34.37037),
    ('azure', 'e8d v4', 8, 64, 64, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 38.470588),
    ('azure', 'e8ds v4', 8, 64, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 30.776471),
    ('azure', 'e8s v3', 8, 64, 64, 432, ARRAY['Broadwell', 'Cascade Lake', 'Skylake']::text[], 0.665463, 3.94869, 0.638949, 3.685328, 0.712834, 4.193436, 33.317076),
    ('azure', 'e8s v4', 8, 64, 80, 504, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 30.776471),
    ('azure', 'e96 v5', 96, 672, 96, 672, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 511.390309),
    ('azure', 'e96-24as v4', 24, 672, 96, 672, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 127.847577),
    ('azure', 'e96-48as v4', 48, 672, 96, 672, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 255.695155),
    ('azure', 'e96a v4', 96, 672, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 412.444444),
    ('azure', 'e96as v4', 96, 672, 96, 672, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 412.444444),
    ('azure', 'f1', 1, 2, 16, 32, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'f16', 16, 32, 16, 32, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'f16s', 16, 32, 16, 32, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'f16s v2', 16, 32, 72, 144, ARRAY['Cascade Lake', 'Skylake']::text[], 0.641777, 4.080371, 0.638949, 3.967305, 0.644604, 4.193436, 0),
    ('azure', 'f1s', 1, 2, 16, 32, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'f2', 2, 4, 16, 32, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'f2s', 2, 4, 16, 32, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'f2s v2', 2, 4, 72, 144, ARRAY['Cascade Lake', 'Skylake']::text[], 0.641777, 4.080371, 0.638949, 3.967305, 0.644604, 4.193436, 0),
    ('azure', 'f32s v2', 32, 64, 72, 144, ARRAY['Cascade Lake', 'Skylake']::text[], 0.641777, 4.080371, 0.638949, 3.967305, 0.644604, 4.193436, 0),
    ('azure', 'f4', 4, 8, 16, 32, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'f48s v2', 48, 96, 72, 144, ARRAY['Cascade Lake', 'Skylake']::text[], 0.641777, 4.080371, 0.638949, 3.967305, 0.644604, 4.193436, 0),
    ('azure', 'f4s', 4, 8, 16, 32, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'f4s v2', 4, 8, 72, 144, ARRAY['Cascade Lake', 'Skylake']::text[], 0.641777, 4.080371, 0.638949, 3.967305, 0.644604, 4.193436, 0),
    ('azure', 'f64s v2', 64, 128, 72, 144, ARRAY['Cascade Lake', 'Skylake']::text[], 0.641777, 4.080371, 0.638949, 3.967305, 0.644604, 4.193436, 0),
    ('azure', 'f72s v2', 72, 144, 72, 144, ARRAY['Cascade Lake', 'Skylake']::text[], 0.641777, 4.080371, 0.638949, 3.967305, 0.644604, 4.193436, 0),
    ('azure', 'f8', 8, 16, 16, 32, ARRAY['Broadwell', 'Cascade Lake', 'Haswell', 'Skylake']::text[], 0.974239, 4.464745, 0.638949, 3.685328, 1.900568, 6.01291, 0),
    ('azure', 'f8s', 8, 16, 16, 32, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 0),
    ('azure', 'f8s v2', 8, 16, 72, 448, ARRAY['Cascade Lake', 'Skylake']::text[], 0.641777, 4.080371, 0.638949, 3.967305, 0.644604, 4.193436, 29.939108),
    ('azure', 'g1', 2, 28, 32, 448, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 24.586207),
    ('azure', 'g2', 4, 56, 32, 448, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 49.172414),
    ('azure', 'g3', 8, 112, 32, 448, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 98.344828),
    ('azure', 'g4', 16, 224, 32, 448, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 196.689655),
    ('azure', 'g5', 32, 448, 32, 448, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 393.37931),
    ('azure', 'gs1', 2, 28, 32, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 17.961894),
    ('azure', 'gs2', 4, 56, 32, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 35.923789),
    ('azure', 'gs3', 8, 112, 32, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 71.847577),
    ('azure', 'gs4', 16, 224, 32, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 143.695155),
    ('azure', 'gs4-4', 4, 224, 16, 224, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 15.847577),
    ('azure', 'gs4-8', 8, 224, 16, 224, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 31.695155),
    ('azure', 'gs5', 32, 448, 32, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 287.390309),
    ('azure', 'gs5-16', 16, 448, 32, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 143.695155),
    ('azure', 'gs5-8', 8, 448, 32, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 71.847577),
    ('azure', 'h16', 16, 112, 16, 224, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 169.37931),
    ('azure', 'h16 promo', 16, 112, 16, 224, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 169.37931),
    ('azure', 'h16m', 16, 224, 16, 224, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 169.37931),
    ('azure', 'h16m promo', 16, 224, 16, 224, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 169.37931),
    ('azure', 'h16mr', 16, 224, 16, 224, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 169.37931),
    ('azure', 'h16mr promo', 16, 224, 16, 224, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 169.37931),
    ('azure', 'h16r', 16, 112, 16, 224, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 169.37931),
    ('azure', 'h16r promo', 16, 112, 16, 224, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 169.37931),
    ('azure', 'h8', 8, 56, 16, 224, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 84.689655),
    ('azure', 'h8 promo', 8, 56, 16, 224, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 84.689655),
    ('azure', 'h8m', 8, 112, 16, 224, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 84.689655),
    ('azure', 'h8m promo', 8, 112, 16, 224, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 84.689655),
    ('azure', 'hb120-16rs v3', 16, 448, 120, 448, ARRAY['EPYC 3rd Gen']::text[], 0.44539, 2.019328, 0.44539, 2.019328, 0.44539, 2.019328, 25.6),
    ('azure', 'hb120-32rs v3', 32, 448, 120, 448, ARRAY['EPYC 3rd Gen']::text[], 0.44539, 2.019328, 0.44539, 2.019328, 0.44539, 2.019328, 51.2),
    ('azure', 'hb120-64rs v3', 64, 448, 120, 448, ARRAY['EPYC 3rd Gen']::text[], 0.44539, 2.019328, 0.44539, 2.019328, 0.44539, 2.019328, 102.4),
    ('azure', 'hb120-96rs v3', 96, 448, 120, 448, ARRAY['EPYC 3rd Gen']::text[], 0.44539, 2.019328, 0.44539, 2.019328, 0.44539, 2.019328, 153.6),
    ('azure', 'hb120rs v2', 120, 480, 120, 480, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.692962, 0.474262, 1.692962, 0.474262, 1.692962, 220.444444),
    ('azure', 'hb120rs v3', 120, 448, 120, 448, ARRAY['EPYC 3rd Gen']::text[], 0.44539, 2.019328, 0.44539, 2.019328, 0.44539, 2.019328, 192),
    ('azure', 'l16s', 16, 128, 32, 256, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 100.689655),
    ('azure', 'l16s v2', 16, 128, 80, 640, ARRAY['EPYC 1st Gen']::text[], 0.822656, 2.553125, 0.822656, 2.553125, 0.822656, 2.553125, 92.16),
    ('azure', 'l32s', 32, 256, 32, 256, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 201.37931),
    ('azure', 'l32s v2', 32, 256, 80, 640, ARRAY['EPYC 1st Gen']::text[], 0.822656, 2.553125, 0.822656, 2.553125, 0.822656, 2.553125, 184.32),
    ('azure', 'l48s v2', 48, 384, 80, 640, ARRAY['EPYC 1st Gen']::text[], 0.822656, 2.553125, 0.822656, 2.553125, 0.822656, 2.553125, 276.48),
    ('azure', 'l4s', 4, 32, 32, 256, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 25.172414),
    ('azure', 'l64s v2', 64, 512, 80, 640, ARRAY['EPYC 1st Gen']::text[], 0.822656, 2.553125, 0.822656, 2.553125, 0.822656, 2.553125, 368.64),
    ('azure', 'l80s v2', 80, 640, 80, 640, ARRAY['EPYC 1st Gen']::text[], 0.822656, 2.553125, 0.822656, 2.553125, 0.822656, 2.553125, 460.8),
    ('azure', 'l8s', 8, 64, 32, 256, ARRAY['Haswell']::text[], 1.900568, 6.01291, 1.900568, 6.01291, 1.900568, 6.01291, 50.344828),
    ('azure', 'l8s v2', 8, 64, 80, 640, ARRAY['EPYC 1st Gen']::text[], 0.822656, 2.553125, 0.822656, 2.553125, 0.822656, 2.553125, 46.08),
    ('azure', 'm128 1', 128, 2048, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 3766.572008),
    ('azure', 'm128-32ms', 32, 3800, 128, 3800, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 909.847577),
    ('azure', 'm128-64ms', 64, 3800, 128, 3800, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 1819.695155),
    ('azure', 'm128dms v2', 128, 3892, 192, 4096, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 2599.843137),
    ('azure', 'm128ds v2', 128, 2048, 192, 4096, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 2599.843137),
    ('azure', 'm128m 1', 128, 3892, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 3766.572008),
    ('azure', 'm128ms', 128, 3892, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 3766.572008),
    ('azure', 'm128ms v2', 128, 3892, 192, 4096, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 2599.843137),
    ('azure', 'm128s', 128, 2048, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 3766.572008),
    ('azure', 'm128s v2', 128, 2048, 192, 4096, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 2599.843137),
    ('azure', 'm16-4ms', 4, 438, 16, 438, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 69.347577),
    ('azure', 'm16-8ms', 8, 438, 16, 438, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 138.695155),
    ('azure', 'm16ms', 16, 438, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 470.821501),
    ('azure', 'm192idms v2', 192, 4096, 192, 4096, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 3899.764706),
    ('azure', 'm192ids v2', 192, 2048, 192, 4096, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 3899.764706),
    ('azure', 'm192ims v2', 192, 4096, 192, 4096, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 3899.764706),
    ('azure', 'm192is v2', 192, 2048, 192, 4096, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 3899.764706),
    ('azure', 'm208ms v2', 208, 5700, 208, 11400, ARRAY['Skylake']::text[], 0.644604, 4.193436, 0.644604, 4.193436, 0.644604, 4.193436, 11239.139241),
    ('azure', 'm208s v2', 208, 2850, 208, 11400, ARRAY['Skylake']::text[], 0.644604, 4.193436, 0.644604, 4.193436, 0.644604, 4.193436, 11239.139241),
    ('azure', 'm32-16ms', 16, 875, 32, 875, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 357.195155),
    ('azure', 'm32-8ms', 8, 875, 32, 875, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 178.597577),
    ('azure', 'm32dms v2', 32, 875, 192, 4096, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 649.960784),
    ('azure', 'm32ls', 32, 256, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 941.643002),
    ('azure', 'm32ms', 32, 875, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 941.643002),
    ('azure', 'm32ms v2', 32, 875, 192, 4096, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 649.960784),
    ('azure', 'm32ts', 32, 192, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 941.643002),
    ('azure', 'm416ms v2', 416, 11400, 208, 11400, ARRAY['Skylake']::text[], 0.644604, 4.193436, 0.644604, 4.193436, 0.644604, 4.193436, 22478.278481),
    ('azure', 'm416s v2', 416, 5700, 208, 11400, ARRAY['Skylake']::text[], 0.644604, 4.193436, 0.644604, 4.193436, 0.644604, 4.193436, 22478.278481),
    ('azure', 'm64 1', 64, 1024, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 1883.286004),
    ('azure', 'm64-16ms', 16, 1750, 64, 1750, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 397.347577),
    ('azure', 'm64-32ms', 32, 1750, 64, 1750, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 794.695155),
    ('azure', 'm64dms v2', 64, 1792, 192, 4096, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 1299.921569),
    ('azure', 'm64ds v2', 64, 1024, 192, 4096, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 1299.921569),
    ('azure', 'm64ls', 64, 512, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 1883.286004),
    ('azure', 'm64m 1', 64, 1792, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 1883.286004),
    ('azure', 'm64ms', 64, 1792, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 1883.286004),
    ('azure', 'm64ms v2', 64, 1792, 192, 4096, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 1299.921569),
    ('azure', 'm64s', 64, 1024, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 1883.286004),
    ('azure', 'm64s v2', 64, 1024, 192, 11400, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 3734.588235),
    ('azure', 'm8-2ms', 2, 219, 8, 219, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 14.597577),
    ('azure', 'm8-4ms', 4, 219, 8, 219, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 29.195155),
    ('azure', 'm8ms', 8, 219, 128, 3892, ARRAY['Cascade Lake', 'Haswell']::text[], 1.269759, 4.990108, 0.638949, 3.967305, 1.900568, 6.01291, 235.410751),
    ('azure', 'nc12', 12, 112, 24, 224, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 31.695155),
    ('azure', 'nc12 promo', 12, 112, 24, 224, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 31.695155),
    ('azure', 'nc12s v2', 12, 224, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 143.695155),
    ('azure', 'nc12s v3', 12, 224, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 143.695155),
    ('azure', 'nc16as t4 v3', 16, 112, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 191.593539),
    ('azure', 'nc24', 24, 224, 24, 224, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 63.390309),
    ('azure', 'nc24 promo', 24, 224, 24, 224, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 63.390309),
    ('azure', 'nc24r', 24, 224, 24, 224, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 63.390309),
    ('azure', 'nc24r promo', 24, 224, 24, 224, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 63.390309),
    ('azure', 'nc24rs v2', 24, 448, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 287.390309),
    ('azure', 'nc24rs v3', 24, 448, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 287.390309),
    ('azure', 'nc24s v2', 24, 448, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 287.390309),
    ('azure', 'nc24s v3', 24, 448, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 287.390309),
    ('azure', 'nc4as t4 v3', 4, 28, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 47.898385),
    ('azure', 'nc6', 6, 56, 24, 224, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 15.847577),
    ('azure', 'nc6 promo', 6, 56, 24, 224, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 15.847577),
    ('azure', 'nc64as t4 v3', 64, 448, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 766.374157),
    ('azure', 'nc6s v2', 6, 112, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 71.847577),
    ('azure', 'nc6s v3', 6, 112, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 71.847577),
    ('azure', 'nc8as t4 v3', 8, 56, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 95.79677),
    ('azure', 'nd12s', 12, 224, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 143.695155),
    ('azure', 'nd24rs', 24, 448, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 287.390309),
    ('azure', 'nd24s', 24, 448, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 287.390309),
    ('azure', 'nd40rs v2', 40, 672, 40, 672, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 511.390309),
    ('azure', 'nd6s', 6, 112, 24, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 71.847577),
    ('azure', 'np10s', 10, 192, 40, 768, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 151.847577),
    ('azure', 'np20s', 20, 384, 40, 768, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 303.695155),
    ('azure', 'np40s', 40, 768, 40, 768, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 607.390309),
    ('azure', 'nv12', 12, 112, 24, 224, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 31.695155),
    ('azure', 'nv12s v3', 12, 112, 48, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 71.847577),
    ('azure', 'nv24', 24, 224, 24, 224, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 63.390309),
    ('azure', 'nv24s v3', 24, 224, 48, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 143.695155),
    ('azure', 'nv48s v3', 48, 448, 48, 448, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 287.390309),
    ('azure', 'nv6', 6, 56, 24, 224, ARRAY[]::text[], 0.78, 3.76, 0.44539, 1.692962, 1.900568, 6.01291, 15.847577),
    ('azure', 's192', 192, 2048, 576, 12000, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 3953.568627),
    ('azure', 's192m', 192, 4096, 576, 12000, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 3953.568627),
    ('azure', 's192xm', 192, 6144, 576, 12000, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 3953.568627),
    ('azure', 's224', 224, 3072, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 9166.941176),
    ('azure', 's224m', 224, 6144, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 9166.941176),
    ('azure', 's224om', 224, 6144, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 9166.941176),
    ('azure', 's224oo', 224, 4608, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 9166.941176),
    ('azure', 's224oom', 224, 9216, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 9166.941176),
    ('azure', 's224ooo', 224, 7680, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 9166.941176),
    ('azure', 's384', 384, 4096, 576, 12000, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 7907.137255),
    ('azure', 's384m', 384, 6144, 576, 12000, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 7907.137255),
    ('azure', 's384xm', 384, 8192, 576, 12000, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 7907.137255),
    ('azure', 's384xxm', 384, 12000, 576, 12000, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 7907.137255),
    ('azure', 's448', 448, 6144, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 18333.882353),
    ('azure', 's448m', 448, 12288, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 18333.882353),
    ('azure', 's448om', 448, 12288, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 18333.882353),
    ('azure', 's448oo', 448, 9216, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 18333.882353),
    ('azure', 's448oom', 448, 18432, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 18333.882353),
    ('azure', 's448ooo', 448, 15360, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 18333.882353),
    ('azure', 's576m', 576, 12000, 576, 12000, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 11860.705882),
    ('azure', 's672', 672, 9216, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 27500.823529),
    ('azure', 's672m', 672, 18432, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 27500.823529),
    ('azure', 's672om', 672, 18432, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 27500.823529),
    ('azure', 's672oo', 672, 13824, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 27500.823529),
    ('azure', 's672oom', 672, 27648, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 27500.823529),
    ('azure', 's672ooo', 672, 23040, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 27500.823529),
    ('azure', 's896', 896, 12288, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 36667.764706),
    ('azure', 's896m', 896, 24576, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 36667.764706),
    ('azure', 's896om', 896, 24576, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 36667.764706),
    ('azure', 's896oo', 896, 18432, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 36667.764706),
    ('azure', 's896oom', 896, 36864, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 36667.764706),
    ('azure', 's896ooo', 896, 30720, 896, 36864, ARRAY['Cascade Lake']::text[], 0.638949, 3.967305, 0.638949, 3.967305, 0.638949, 3.967305, 36667.764706),
    ('azure', 's96', 96, 768, 576, 12000, ARRAY['Broadwell']::text[], 0.712834, 3.685328, 0.712834, 3.685328, 0.712834, 3.685328, 1976.784314),
    ('gcp', 'a2-highgpu-1g', 12, 85, 96, 1360, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 143.506988),
    ('gcp', 'a2-highgpu-2g', 24, 170, 96, 1360, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 287.013975),
    ('gcp', 'a2-highgpu-4g', 48, 340, 96, 1360, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 574.02795),
    ('gcp', 'a2-highgpu-8g', 96, 680, 96, 1360, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 1148.055901),
    ('gcp', 'a2-megagpu-16g', 96, 1360, 96, 1360, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 1148.055901),
    ('gcp', 'c2-standard-16', 16, 64, 60, 240, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 7.481573),
    ('gcp', 'c2-standard-30', 30, 120, 60, 240, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 14.02795),
    ('gcp', 'c2-standard-4', 4, 16, 60, 240, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 1.870393),
    ('gcp', 'c2-standard-60', 60, 240, 60, 240, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 28.055901),
    ('gcp', 'c2-standard-8', 8, 32, 60, 240, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 3.740787),
    ('gcp', 'e2-highcpu-16', 16, 16, 32, 32, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-highcpu-2', 2, 2, 32, 32, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-highcpu-32', 32, 32, 32, 32, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-highcpu-4', 4, 4, 32, 32, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-highcpu-8', 8, 8, 32, 32, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-highmem-16', 16, 128, 16, 128, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-highmem-2', 2, 16, 16, 128, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-highmem-4', 4, 32, 16, 128, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-highmem-8', 8, 64, 16, 128, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-medium', 2, 4, 32, 128, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-micro', 2, 1, 32, 128, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-small', 2, 2, 32, 128, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-standard-16', 16, 64, 32, 128, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-standard-2', 2, 8, 32, 128, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-standard-32', 32, 128, 32, 128, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-standard-4', 4, 16, 32, 128, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'e2-standard-8', 8, 32, 32, 128, ARRAY['Broadwell', 'EPYC 2nd Gen', 'Haswell', 'Skylake']::text[], 0.91436, 3.606066, 0.474262, 1.575187, 1.857353, 5.595384, 0),
    ('gcp', 'f1-micro', 1, 0.6, 96, 360, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 2.890789),
    ('gcp', 'g1-small', 1, 1.7, 96, 360, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 2.890789),
    ('gcp', 'm1-megamem-96', 96, 1433.6, 160, 1433.6, ARRAY['Broadwell', 'Skylake']::text[], 0.662912, 3.626847, 0.612989, 3.385747, 0.712834, 3.867946, 773.31179),
    ('gcp', 'm1-ultramem-160', 160, 3844, 160, 1433.6, ARRAY['Broadwell', 'Skylake']::text[], 0.662912, 3.626847, 0.612989, 3.385747, 0.712834, 3.867946, 1288.852983),
    ('gcp', 'm1-ultramem-40', 40, 961, 160, 1433.6, ARRAY['Broadwell', 'Skylake']::text[], 0.662912, 3.626847, 0.612989, 3.385747, 0.712834, 3.867946, 322.213246),
    ('gcp', 'm1-ultramem-80', 80, 1922, 160, 1433.6, ARRAY['Broadwell', 'Skylake']::text[], 0.662912, 3.626847, 0.612989, 3.385747, 0.712834, 3.867946, 644.426492),
    ('gcp', 'm2-megamem-416', 416, 5.888, 416, 11.776, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 0),
    ('gcp', 'm2-ultramem-208', 208, 5.888, 416, 11.776, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 0),
    ('gcp', 'm2-ultramem-416', 416, 11.776, 416, 11.776, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 0),
    ('gcp', 'n1-highcpu-16', 16, 14.4, 96, 86.4, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 0.652627),
    ('gcp', 'n1-highcpu-2', 2, 1.8, 96, 86.4, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 0.081578),
    ('gcp', 'n1-highcpu-32', 32, 28.8, 96, 86.4, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 1.305253),
    ('gcp', 'n1-highcpu-4', 4, 3.6, 96, 86.4, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 0.163157),
    ('gcp', 'n1-highcpu-64', 64, 57.6, 96, 86.4, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 2.610506),
    ('gcp', 'n1-highcpu-8', 8, 7.2, 96, 86.4, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 0.326313),
    ('gcp', 'n1-highcpu-96', 96, 86.4, 96, 86.4, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 3.915759),
    ('gcp', 'n1-highmem-16', 16, 104, 96, 624, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 90.252627),
    ('gcp', 'n1-highmem-2', 2, 13, 96, 624, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 11.281578),
    ('gcp', 'n1-highmem-32', 32, 208, 96, 624, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 180.505253),
    ('gcp', 'n1-highmem-4', 4, 26, 96, 624, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 22.563157),
    ('gcp', 'n1-highmem-64', 64, 416, 96, 624, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 361.010506),
    ('gcp', 'n1-highmem-8', 8, 52, 96, 624, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 45.126313),
    ('gcp', 'n1-highmem-96', 96, 624, 96, 624, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 541.515759),
    ('gcp', 'n1-standard-1', 1, 3.75, 96, 360, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 2.890789),
    ('gcp', 'n1-standard-16', 16, 60, 96, 360, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 46.252627),
    ('gcp', 'n1-standard-2', 2, 7.5, 96, 360, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 5.781578),
    ('gcp', 'n1-standard-32', 32, 120, 96, 360, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 92.505253),
    ('gcp', 'n1-standard-4', 4, 15, 96, 360, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 11.563157),
    ('gcp', 'n1-standard-64', 64, 240, 96, 360, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 185.010506),
    ('gcp', 'n1-standard-8', 8, 30, 96, 360, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 23.126313),
    ('gcp', 'n1-standard-96', 96, 360, 96, 360, ARRAY['Broadwell', 'Haswell', 'Ivy Bridge', 'Sandy Bridge', 'Skylake']::text[], 1.42057, 5.407378, 0.612989, 3.385747, 2.212243, 8.630871, 277.515759),
    ('gcp', 'n2-highcpu-16', 16, 16, 96, 96, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 0),
    ('gcp', 'n2-highcpu-2', 2, 2, 96, 96, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 0),
    ('gcp', 'n2-highcpu-32', 32, 32, 96, 96, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 0),
    ('gcp', 'n2-highcpu-4', 4, 4, 96, 96, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 0),
    ('gcp', 'n2-highcpu-48', 48, 48, 96, 96, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 0),
    ('gcp', 'n2-highcpu-64', 64, 64, 96, 96, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 0),
    ('gcp', 'n2-highcpu-8', 8, 8, 96, 96, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 0),
    ('gcp', 'n2-highcpu-80', 80, 80, 96, 96, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 0),
    ('gcp', 'n2-highcpu-96', 96, 96, 96, 96, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 0),
    ('gcp', 'n2-highmem-128', 128, 864, 128, 864, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 652.055901),
    ('gcp', 'n2-highmem-16', 16, 128, 128, 864, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 81.506988),
    ('gcp', 'n2-highmem-2', 2, 16, 128, 864, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 10.188373),
    ('gcp', 'n2-highmem-32', 32, 256, 128, 864, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 163.013975),
    ('gcp', 'n2-highmem-4', 4, 32, 128, 864, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 20.376747),
    ('gcp', 'n2-highmem-48', 48, 384, 128, 864, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 244.520963),
    ('gcp', 'n2-highmem-64', 64, 512, 128, 864, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 326.02795),
    ('gcp', 'n2-highmem-8', 8, 64, 128, 864, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 40.753494),
    ('gcp', 'n2-highmem-80', 80, 640, 128, 864, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 407.534938),
    ('gcp', 'n2-highmem-96', 96, 768, 128, 864, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 489.041925),
    ('gcp', 'n2-standard-128', 128, 512, 128, 512, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 300.055901),
    ('gcp', 'n2-standard-16', 16, 64, 128, 512, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 37.506988),
    ('gcp', 'n2-standard-2', 2, 8, 128, 512, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 4.688373),
    ('gcp', 'n2-standard-32', 32, 128, 128, 512, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 75.013975),
    ('gcp', 'n2-standard-4', 4, 16, 128, 512, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 9.376747),
    ('gcp', 'n2-standard-48', 48, 192, 128, 512, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 112.520963),
    ('gcp', 'n2-standard-64', 64, 256, 128, 512, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 150.02795),
    ('gcp', 'n2-standard-8', 8, 32, 128, 512, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 18.753494),
    ('gcp', 'n2-standard-80', 80, 320, 128, 512, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 187.534938),
    ('gcp', 'n2-standard-96', 96, 384, 128, 512, ARRAY['Cascade Lake']::text[], 0.690298, 3.754854, 0.690298, 3.754854, 0.690298, 3.754854, 225.041925),
    ('gcp', 'n2d-highcpu-128', 128, 128, 224, 224, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 0),
    ('gcp', 'n2d-highcpu-16', 16, 16, 224, 224, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 0),
    ('gcp', 'n2d-highcpu-2', 2, 2, 224, 224, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 0),
    ('gcp', 'n2d-highcpu-224', 224, 224, 224, 224, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 0),
    ('gcp', 'n2d-highcpu-32', 32, 32, 224, 224, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 0),
    ('gcp', 'n2d-highcpu-4', 4, 4, 224, 224, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 0),
    ('gcp', 'n2d-highcpu-48', 48, 48, 224, 224, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 0),
    ('gcp', 'n2d-highcpu-64', 64, 64, 224, 224, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 0),
    ('gcp', 'n2d-highcpu-8', 8, 8, 224, 224, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 0),
    ('gcp', 'n2d-highcpu-80', 80, 80, 224, 224, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 0),
    ('gcp', 'n2d-highcpu-96', 96, 96, 224, 224, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 0),
    ('gcp', 'n2d-highmem-16', 16, 128, 96, 768, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 84.740741),
    ('gcp', 'n2d-highmem-2', 2, 16, 96, 768, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 10.592593),
    ('gcp', 'n2d-highmem-32', 32, 256, 96, 768, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 169.481481),
    ('gcp', 'n2d-highmem-4', 4, 32, 96, 768, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 21.185185),
    ('gcp', 'n2d-highmem-48', 48, 384, 96, 768, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 254.222222),
    ('gcp', 'n2d-highmem-64', 64, 512, 96, 768, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 338.962963),
    ('gcp', 'n2d-highmem-8', 8, 64, 96, 768, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 42.37037),
    ('gcp', 'n2d-highmem-80', 80, 640, 96, 768, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 423.703704),
    ('gcp', 'n2d-highmem-96', 96, 768, 96, 768, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 508.444444),
    ('gcp', 'n2d-standard-128', 128, 512, 224, 896, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 363.68254),
    ('gcp', 'n2d-standard-16', 16, 64, 224, 896, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 45.460317),
    ('gcp', 'n2d-standard-2', 2, 8, 224, 896, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 5.68254),
    ('gcp', 'n2d-standard-224', 224, 896, 224, 896, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 636.444444),
    ('gcp', 'n2d-standard-32', 32, 128, 224, 896, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 90.920635),
    ('gcp', 'n2d-standard-4', 4, 16, 224, 896, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 11.365079),
    ('gcp', 'n2d-standard-48', 48, 192, 224, 896, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 136.380952),
    ('gcp', 'n2d-standard-64', 64, 256, 224, 896, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 181.84127),
    ('gcp', 'n2d-standard-8', 8, 32, 224, 896, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 22.730159),
    ('gcp', 'n2d-standard-80', 80, 320, 224, 896, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 227.301587),
    ('gcp', 'n2d-standard-96', 96, 384, 224, 896, ARRAY['EPYC 2nd Gen']::text[], 0.474262, 1.575187, 0.474262, 1.575187, 0.474262, 1.575187, 272.761905),
    ('gcp', 't2d-standard-1', 1, 4, 60, 240, ARRAY['EPYC 3rd Gen']::text[], 0.455625, 1.833686, 0.455625, 1.833686, 0.455625, 1.833686, 0),
    ('gcp', 't2d-standard-16', 16, 64, 60, 240, ARRAY['EPYC 3rd Gen']::text[], 0.455625, 1.833686, 0.455625, 1.833686, 0.455625, 1.833686, 0),
    ('gcp', 't2d-standard-2', 2, 8, 60, 240, ARRAY['EPYC 3rd Gen']::text[], 0.455625, 1.833686, 0.455625, 1.833686, 0.455625, 1.833686, 0),
    ('gcp', 't2d-standard-32', 32, 128, 60, 240, ARRAY['EPYC 3rd Gen']::text[], 0.455625, 1.833686, 0.455625, 1.833686, 0.455625, 1.833686, 0),
    ('gcp', 't2d-standard-4', 4, 16, 60, 240, ARRAY['EPYC 3rd Gen']::text[], 0.455625, 1.833686, 0.455625, 1.833686, 0.455625, 1.833686, 0),
    ('gcp', 't2d-standard-48', 48, 192, 60, 240, ARRAY['EPYC 3rd Gen']::text[], 0.455625, 1.833686, 0.455625, 1.833686, 0.455625, 1.833686, 0),
    ('gcp', 't2d-standard-60', 60, 240, 60, 240, ARRAY['EPYC 3rd Gen']::text[], 0.455625, 1.833686, 0.455625, 1.833686, 0.455625, 1.833686, 0),
    ('gcp', 't2d-standard-8', 8, 32, 60, 240, ARRAY['EPYC 3rd Gen']::text[], 0.455625, 1.833686, 0.455625, 1.833686, 0.455625, 1.833686, 0);
-- END GENERATED DATA

-- The provider key (aws | azure | gcp) of a FOCUS row: the host provider (1.3), else the service provider, else
-- ProviderName, compared case-insensitively with the names the providers table lists.
CREATE OR REPLACE FUNCTION finops.carbon_provider(host text, service text, provider text)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT p.provider FROM finops.carbon_providers p
    WHERE lower(btrim(coalesce(nullif(host, ''), nullif(service, ''), nullif(provider, '')))) = ANY (p.focus_names)
$$;

-- The region key: FOCUS RegionId lower-cased without spaces (Azure `West Europe` = `westeurope`).
CREATE OR REPLACE FUNCTION finops.carbon_region_key(region text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(regexp_replace(region, '\s+', '', 'g'))
$$;

-- An instance type as the instance table keys it (reports.carbon.build.instance_key does the same):
-- lower-case; Azure's `Standard_D2s_v3` and `D2s v3` both become `d2s v3`.
CREATE OR REPLACE FUNCTION finops.carbon_normalize_instance(provider text, raw text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT nullif(CASE provider
        WHEN 'azure' THEN btrim(regexp_replace(regexp_replace(lower(btrim(raw)), '^(standard|basic)_', ''),
                                              '[\s_]+', ' ', 'g'))
        ELSE lower(btrim(raw)) END, '')
$$;

-- The instance type a FOCUS row bills, where the row says it: SkuPriceDetails.InstanceType; AWS x_UsageType
-- (`BoxUsage:m5.large`) or "<type> … instance hour" in ChargeDescription (not the "instance-hour" bandwidth
-- lines); Azure x_SkuMeterName, a size-shaped SkuMeter or "<size> hours"; a GCP machine type in the description.
CREATE OR REPLACE FUNCTION finops.carbon_instance_key(provider text, instance_type text, meter text,
                                                      description text, usage_type text, sku_meter_name text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT finops.carbon_normalize_instance(provider, coalesce(
        nullif(instance_type, ''),
        CASE provider
            WHEN 'aws' THEN coalesce(
                substring(usage_type from ':((?:db\.|cache\.)?[a-z][a-z0-9-]*\.[a-z0-9-]+)$'),
                substring(lower(description)
                          from '(?:^|\s)((?:db\.|cache\.)?[a-z][a-z0-9-]*\.[a-z0-9-]*(?:large|medium|small|micro|nano|metal))\M.*\minstance hour'))
            WHEN 'azure' THEN coalesce(
                nullif(sku_meter_name, ''),
                substring(meter from '^\s*([A-Za-z]+[0-9]+[A-Za-z0-9-]*\s+v[0-9]+)\s*$'),
                substring(description from '^\s*([A-Za-z]+[0-9]+[A-Za-z0-9-]*\s+v[0-9]+)\s+hours?\s*$'))
            WHEN 'gcp' THEN substring(lower(description) from '\m([a-z][0-9][a-z]?-[a-z]+-[0-9]+)\M')
        END))
$$;

-- vCPUs read from a size name when the instance table does not know the type: Azure `D4s v5` -> 4 and the
-- constrained `E16-4as v4` -> 4; AWS `.large` -> 2, `.xlarge` -> 4, `.Nxlarge` -> 4N; GCP `n2-standard-8` -> 8.
CREATE OR REPLACE FUNCTION finops.carbon_vcpus_from_name(provider text, key text)
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE provider
        WHEN 'azure' THEN coalesce(substring(key from '^[a-z]+[0-9]+-([0-9]+)'),
                                   substring(key from '^[a-z]+([0-9]+)'))::double precision
        WHEN 'aws' THEN CASE
            WHEN key ~ '\.large$' THEN 2
            WHEN key ~ '\.xlarge$' THEN 4
            WHEN key ~ '\.[0-9]+xlarge$' THEN 4 * substring(key from '\.([0-9]+)xlarge$')::double precision
        END
        WHEN 'gcp' THEN substring(key from '^[a-z][0-9][a-z]?-[a-z]+-([0-9]+)$')::double precision
    END
$$;

-- The region table's row for each region and year: the latest year at or before it, else the earliest.
CREATE OR REPLACE FUNCTION finops.carbon_table_rows(from_year integer, to_year integer)
RETURNS TABLE (provider text, region_id text, for_year integer, year integer, g_per_kwh double precision,
               pue double precision, basis text, em_zone text, watttime_region text, source text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT DISTINCT ON (r.provider, r.region_id, y.y)
           r.provider, r.region_id, y.y, r.year, r.g_per_kwh, r.pue, r.basis, r.em_zone, r.watttime_region, r.source
    FROM finops.carbon_regions r
    CROSS JOIN generate_series(from_year, to_year) AS y(y)
    ORDER BY r.provider, r.region_id, y.y, (r.year <= y.y) DESC,
             CASE WHEN r.year <= y.y THEN -r.year ELSE r.year END
$$;

-- One region's table row for an instant (the same rule), e.g. SELECT * FROM finops.carbon_table_intensity(
-- 'azure', 'westeurope', now()).
CREATE OR REPLACE FUNCTION finops.carbon_table_intensity(provider text, region text, at timestamptz)
RETURNS TABLE (year integer, g_per_kwh double precision, pue double precision, basis text, em_zone text,
               watttime_region text, source text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT t.year, t.g_per_kwh, t.pue, t.basis, t.em_zone, t.watttime_region, t.source
    FROM finops.carbon_table_rows(extract(year FROM at AT TIME ZONE 'UTC')::integer,
                                  extract(year FROM at AT TIME ZONE 'UTC')::integer) t
    WHERE t.provider = carbon_table_intensity.provider
      AND t.region_id = finops.carbon_region_key(carbon_table_intensity.region)
$$;

-- Hourly means of the live intensity series (the carbon exporter's, through Prometheus or the backfill), per
-- source, zone, emission factor type and estimation; UTC hours; NaN (stale markers) left out.
CREATE OR REPLACE FUNCTION finops.carbon_live_hourly(from_time timestamptz, to_time timestamptz,
                                                     signal text DEFAULT 'average')
RETURNS TABLE (hour timestamptz, source text, zone text, emission_factor_type text, estimated boolean,
               g_per_kwh double precision, points bigint)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT date_bin('1 hour', d.time, timestamptz '2000-01-01 00:00:00+00'),
           s.labels ->> 'source', s.labels ->> 'zone', s.labels ->> 'emission_factor_type',
           s.labels ->> 'estimated' = 'true', avg(d.value), count(*)
    FROM finops.series s
    JOIN finops.series_samples(ARRAY(SELECT id FROM finops.series
                                     WHERE metric_name = 'carbon_intensity_grams_per_kilowatt_hour'),
                               from_time, to_time) d ON d.series_id = s.id
    WHERE s.metric_name = 'carbon_intensity_grams_per_kilowatt_hour'
      AND s.labels ->> 'signal' = carbon_live_hourly.signal
      AND s.labels ->> 'source' <> 'embedded_table'
      AND d.time >= from_time AND d.time < to_time
      AND d.value <> 'NaN'::double precision
    GROUP BY 1, 2, 3, 4, 5
$$;

-- The intensity each region had each hour: live where a source covers its zone, else the table; with the method.
-- `providers`/`regions` limit the regions (NULL: every region of the table).
CREATE OR REPLACE FUNCTION finops.carbon_region_hourly(from_time timestamptz, to_time timestamptz,
                                                       providers text[] DEFAULT NULL, regions text[] DEFAULT NULL)
RETURNS TABLE (provider text, region_id text, hour timestamptz, g_per_kwh double precision, method text,
               table_g_per_kwh double precision, estimated boolean)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 200 AS $$
    WITH hours AS (
        SELECT generate_series(date_bin('1 hour', from_time, timestamptz '2000-01-01 00:00:00+00'),
                               to_time - interval '1 microsecond', interval '1 hour') AS hour
    ), live AS (
        SELECT DISTINCT ON (l.hour, kind, l.zone) l.hour, l.zone, l.source, l.g_per_kwh, l.estimated,
               CASE WHEN l.source = 'watttime' THEN 'wt' ELSE 'em' END AS kind
        FROM finops.carbon_live_hourly(from_time, to_time) l
        ORDER BY l.hour, kind, l.zone, l.estimated, (l.source <> 'electricity_maps'),
                 (l.emission_factor_type <> 'lifecycle'), l.source
    ), tab AS (
        SELECT t.* FROM finops.carbon_table_rows(extract(year FROM from_time AT TIME ZONE 'UTC')::integer,
                                                 extract(year FROM to_time AT TIME ZONE 'UTC')::integer) t
        WHERE (providers IS NULL OR t.provider = ANY (providers))
          AND (regions IS NULL OR t.region_id = ANY (regions))
    )
    SELECT t.provider, t.region_id, h.hour,
           coalesce(e.g_per_kwh, w.g_per_kwh, t.g_per_kwh),
           CASE WHEN e.g_per_kwh IS NOT NULL THEN 'live:' || e.source
                WHEN w.g_per_kwh IS NOT NULL THEN 'live:' || w.source
                ELSE 'table:' || t.basis END,
           t.g_per_kwh,
           coalesce(e.estimated, w.estimated, true)
    FROM hours h
    JOIN tab t ON t.for_year = extract(year FROM h.hour AT TIME ZONE 'UTC')::integer
    LEFT JOIN live e ON e.kind = 'em' AND e.zone = t.em_zone AND e.hour = h.hour
    LEFT JOIN live w ON w.kind = 'wt' AND w.zone = t.watttime_region AND w.hour = h.hour
$$;

-- Hourly mean utilisation (0-1) per resource of a usage metric in percent (the Azure exporter's CPU). Samples are
-- summed per series and hour first, so the resource label is read once per series, not once per sample.
CREATE OR REPLACE FUNCTION finops.carbon_utilization_hourly(metric text, from_time timestamptz, to_time timestamptz)
RETURNS TABLE (resource_id text, hour timestamptz, utilization double precision, points bigint)
LANGUAGE sql STABLE PARALLEL SAFE ROWS 100000 AS $$
    WITH per_series AS (
        SELECT d.series_id, date_bin('1 hour', d.time, timestamptz '2000-01-01 00:00:00+00') AS hour,
               sum(d.value) AS total, count(*) AS n
        FROM finops.series_samples(ARRAY(SELECT s.id FROM finops.series s
                                         WHERE s.metric_name = metric AND s.labels ? 'resource_id'),
                                   from_time, to_time) d
        WHERE d.time >= from_time AND d.time < to_time
          AND d.value <> 'NaN'::double precision
        GROUP BY 1, 2
    )
    SELECT lower(s.labels ->> 'resource_id'), p.hour, least(1.0, greatest(0.0, sum(p.total) / sum(p.n) / 100.0)),
           sum(p.n)::bigint
    FROM per_series p
    JOIN finops.series s ON s.id = p.series_id
    GROUP BY 1, 2
$$;

-- The key a FOCUS row is grouped under by finops.carbon_emissions (group_by checked there).
CREATE OR REPLACE FUNCTION finops.carbon_group_key(group_by text, resource_id text, service_name text,
                                                   sub_account_id text, region_id text, provider_name text, tags jsonb)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE group_by
        WHEN 'resource' THEN lower(nullif(resource_id, ''))
        WHEN 'service' THEN service_name
        WHEN 'sub_account' THEN sub_account_id
        WHEN 'region' THEN region_id
        WHEN 'provider' THEN provider_name
        WHEN 'kind' THEN NULL  -- known only once the row is classified
        ELSE tags ->> substr(group_by, 5)
    END
$$;

-- The FOCUS rows overlapping [from_time, to_time) that can be estimated, one row per UTC hour their charge
-- period touches (the quantity spread evenly), classified, with the key they are grouped under. A function of its
-- own so that its size is known to the planner (ROWS): the utilisation and intensity joined to it are hashed,
-- not it.
CREATE OR REPLACE FUNCTION finops.carbon_usage_hours(from_time timestamptz, to_time timestamptz, group_by text)
RETURNS TABLE (row_id text, charge_period_start timestamptz, hour timestamptz, first_hour boolean, group_key text,
               billing_currency text, provider text, region text, rid text, kind text, disk text, known_type text,
               ikey text, vcpus double precision, extra_gb double precision, w_min double precision,
               w_max double precision, w_min_lo double precision, w_max_lo double precision,
               w_min_hi double precision, w_max_hi double precision, pue double precision, pue_low double precision,
               pue_high double precision, qty_h double precision, effective_cost_share numeric)
LANGUAGE sql STABLE ROWS 1000000
-- a reporting query: JIT compiling its many expressions costs seconds and saves nothing; sorts and hashes of a
-- month of hourly rows fit in memory instead of spilling; the utilisation and intensity joins are on two keys
-- whose row counts the planner cannot see (runtime bounds), and a merge join on one of them is quadratic
SET jit = off SET work_mem = '64MB' SET enable_mergejoin = off AS $$
    WITH src AS MATERIALIZED (
        SELECT c.row_id, c.charge_period_start,
               coalesce(c.charge_period_end, c.charge_period_start + interval '1 hour') AS charge_period_end,
               p.provider, finops.carbon_region_key(c.region_id) AS region, lower(nullif(c.resource_id, '')) AS rid,
               c.consumed_quantity::double precision AS qty,
               finops.carbon_group_key(group_by, c.resource_id, c.service_name, c.sub_account_id, c.region_id,
                                       coalesce(c.host_provider_name, c.service_provider_name, c.provider_name),
                                       c.tags) AS group_key,
               c.billing_currency, c.effective_cost,
               -- what classifies a row (its SKU): classified once per distinct SKU below, not once per row
               coalesce(c.consumed_unit, '') AS unit_raw, coalesce(c.charge_description, '') AS description,
               coalesce(c.sku_meter, '') AS meter, coalesce(c.service_name, '') AS service_raw,
               coalesce(c.sku_price_details ->> 'InstanceType', '') AS instance_type,
               coalesce(c.sku_price_details ->> 'CoreCount', '') AS core_count,
               coalesce(c.x_columns ->> 'x_UsageType', '') AS usage_type,
               coalesce(c.x_columns ->> 'x_SkuMeterName', '') AS sku_meter_name
        FROM finops.focus_costs c
        JOIN (SELECT pp.provider, unnest(pp.focus_names) AS name FROM finops.carbon_providers pp) p
          ON p.name = lower(btrim(coalesce(nullif(c.host_provider_name, ''), nullif(c.service_provider_name, ''),
                                           nullif(c.provider_name, ''))))
        WHERE c.charge_period_start < to_time
          AND coalesce(c.charge_period_end, c.charge_period_start) > from_time
          AND c.charge_category = 'Usage'
          AND c.charge_class IS DISTINCT FROM 'Correction'
          AND c.commitment_discount_status IS DISTINCT FROM 'Unused'
          AND c.consumed_quantity > 0
    ), skus AS MATERIALIZED (
        SELECT DISTINCT provider, unit_raw, description, meter, service_raw, instance_type, core_count, usage_type,
               sku_meter_name
        FROM src
    ), keyed AS (
        SELECT k.*, lower(btrim(k.unit_raw)) AS unit, lower(k.description || ' ' || k.meter) AS descr,
               lower(k.service_raw) AS service,
               finops.carbon_instance_key(k.provider, k.instance_type, k.meter, k.description, k.usage_type,
                                          k.sku_meter_name) AS ikey
        FROM skus k
    ), sized AS (
        SELECT s.*, it.instance_type AS known_type,
               coalesce(it.vcpus,
                        CASE WHEN s.core_count ~ '^[0-9]+(\.[0-9]+)?$' THEN s.core_count::double precision END,
                        finops.carbon_vcpus_from_name(s.provider, s.ikey)) AS vcpus,
               coalesce(it.extra_memory_gb, 0) AS extra_gb,
               coalesce(it.min_watts, pr.min_watts) AS w_min, coalesce(it.max_watts, pr.max_watts) AS w_max,
               coalesce(it.min_watts_low, pr.min_watts_low) AS w_min_lo,
               coalesce(it.max_watts_low, pr.max_watts_low) AS w_max_lo,
               coalesce(it.min_watts_high, pr.min_watts_high) AS w_min_hi,
               coalesce(it.max_watts_high, pr.max_watts_high) AS w_max_hi,
               pr.pue, pr.pue_low, pr.pue_high,
               s.unit ~ '^(1 )?(hours?|hrs?|h)$' AS hourly
        FROM keyed s
        JOIN finops.carbon_providers pr ON pr.provider = s.provider
        LEFT JOIN finops.carbon_instance_types it ON it.provider = s.provider AND it.instance_type = s.ikey
    ), classified AS MATERIALIZED (
        SELECT z.*,
               CASE
                   WHEN z.unit ~ '^(v?cpus?|vcores?|cores?)[- ]?(hours?|hrs?)$'
                        OR (z.hourly AND z.descr ~ '\m(vcpu|vcores?|cores?)\M') THEN 'vcpu'
                   WHEN z.unit ~ '^(gb|gib|gigabytes?)[- ]?(hours?|hrs?)$' OR z.unit = 'gigabyte per hour'
                        OR (z.hourly AND z.descr ~ '\m(memory|ram)\M') THEN 'memory'
                   WHEN z.hourly AND z.vcpus IS NOT NULL THEN 'instance'
                   WHEN z.unit ~ '^(gb|gib)\s*[-/]?\s*(mo|month|months)$' THEN 'storage'
               END AS kind,
               -- storage type: SSD unless the row says HDD-class (CCF: S3/Blob/GCS and cold tiers are HDD)
               CASE WHEN z.descr ~ '\m(ssd|gp2|gp3|io1|io2|premium)\M' THEN 'ssd'
                    WHEN z.descr ~ '\m(hdd|st1|sc1|magnetic|glacier|archive|cold|coldline|nearline)\M'
                         OR z.service ~ '(simple storage service|\ms3\M|cloud storage|storage accounts|blob)'
                         THEN 'hdd' END AS disk
        FROM sized z
    ), rows_classified AS (
        SELECT r.row_id, r.charge_period_start, r.charge_period_end, r.provider, r.region, r.rid, r.qty,
               r.group_key, r.billing_currency, r.effective_cost, k.kind, k.disk, k.known_type, k.ikey, k.vcpus,
               k.extra_gb, k.w_min, k.w_max, k.w_min_lo, k.w_max_lo, k.w_min_hi, k.w_max_hi, k.pue, k.pue_low,
               k.pue_high
        FROM src r
        JOIN classified k USING (provider, unit_raw, description, meter, service_raw, instance_type, core_count,
                                 usage_type, sku_meter_name)
        WHERE k.kind IS NOT NULL
    ), hours AS (
        SELECT c.*, h.hour, n.hours, h.hour = n.first AS first_hour,
               c.qty / n.hours * CASE WHEN c.kind = 'storage' THEN 730.0 ELSE 1.0 END AS qty_h
        FROM rows_classified c
        -- the UTC hours the charge period touches; the quantity is spread evenly over them
        CROSS JOIN LATERAL (
            SELECT date_bin('1 hour', c.charge_period_start, timestamptz '2000-01-01 00:00:00+00') AS first,
                   greatest(1, 1 + (extract(epoch FROM
                       date_bin('1 hour', c.charge_period_end - interval '1 microsecond',
                                timestamptz '2000-01-01 00:00:00+00')
                       - date_bin('1 hour', c.charge_period_start, timestamptz '2000-01-01 00:00:00+00'))
                       / 3600)::integer) AS hours) n
        CROSS JOIN LATERAL (
            SELECT n.first WHERE n.hours = 1  -- most rows are hourly: no series to generate
            UNION ALL
            SELECT generate_series(n.first, n.first + (n.hours - 1) * interval '1 hour', interval '1 hour')
            WHERE n.hours > 1) AS h(hour)
    )
    SELECT h.row_id, h.charge_period_start, h.hour, h.first_hour, h.group_key, h.billing_currency, h.provider,
           h.region, h.rid, h.kind, h.disk, h.known_type, h.ikey, h.vcpus, h.extra_gb, h.w_min, h.w_max, h.w_min_lo,
           h.w_max_lo, h.w_min_hi, h.w_max_hi, h.pue, h.pue_low, h.pue_high, h.qty_h, h.effective_cost / h.hours
    FROM hours h
$$;

-- Energy and emissions per FOCUS row and hour of its charge period (the rows whose charge period overlaps
-- [from_time, to_time), each with all its hours), with the key the row is grouped under. Rows that are not
-- estimated have no hours here. The engine of every function below; narrow on purpose (a month of hourly rows
-- is hundreds of thousands of them).
CREATE OR REPLACE FUNCTION finops.carbon_hours(from_time timestamptz, to_time timestamptz, usage_metric text,
                                               default_utilization double precision, group_by text)
RETURNS TABLE (row_id text, charge_period_start timestamptz, hour timestamptz, first_hour boolean,
               group_key text, billing_currency text, provider text, region_id text, resource_id text, kind text,
               instance_type text, vcpus double precision, quantity double precision, utilization double precision,
               utilization_measured boolean,
               energy_kwh double precision, energy_kwh_low double precision, energy_kwh_high double precision,
               g_per_kwh double precision, intensity_method text,
               emissions_g double precision, emissions_g_low double precision, emissions_g_high double precision,
               effective_cost_share numeric)
LANGUAGE sql STABLE ROWS 100000
-- a reporting query: JIT compiling its many expressions costs seconds and saves nothing; sorts and hashes of a
-- month of hourly rows fit in memory instead of spilling; the joins are on two keys whose row counts the
-- planner cannot see (runtime bounds), and a merge join on one of them is quadratic
SET jit = off SET work_mem = '64MB' SET enable_mergejoin = off AS $$
    WITH hours AS MATERIALIZED (
        SELECT * FROM finops.carbon_usage_hours(from_time, to_time, group_by)
    ), bounds AS (
        SELECT min(h.hour) AS lo, max(h.hour) + interval '1 hour' AS hi FROM hours h
    ), regions AS (
        SELECT array_agg(DISTINCT r.provider) AS providers, array_agg(DISTINCT r.region) AS regions
        FROM (SELECT DISTINCT h.provider, h.region FROM hours h) r
    ), util AS (
        SELECT u.* FROM bounds b, finops.carbon_utilization_hourly(usage_metric, b.lo, b.hi) u
    ), intensity AS (
        SELECT r.* FROM bounds b, regions g, finops.carbon_region_hourly(b.lo, b.hi, g.providers, g.regions) r
    ), energy AS (
        SELECT h.*, CASE WHEN h.kind IN ('instance', 'vcpu') THEN u.utilization END AS measured, i.g_per_kwh, coalesce(i.method, 'none') AS method,
               -- watt-hours in the hour at the mid, low and high end
               CASE h.kind
                   WHEN 'instance' THEN h.qty_h * (h.vcpus * ((1 - coalesce(u.utilization, default_utilization)) * h.w_min
                                                   + coalesce(u.utilization, default_utilization) * h.w_max)
                                                   + h.extra_gb * 0.392)
                   WHEN 'vcpu' THEN h.qty_h * ((1 - coalesce(u.utilization, default_utilization)) * h.w_min
                                               + coalesce(u.utilization, default_utilization) * h.w_max)
                   WHEN 'memory' THEN h.qty_h * 0.392
                   WHEN 'storage' THEN h.qty_h / 1000.0 * CASE WHEN h.disk = 'hdd' THEN 0.65 ELSE 1.2 END
               END AS wh,
               CASE h.kind
                   WHEN 'instance' THEN h.qty_h * (h.vcpus * ((1 - coalesce(u.utilization, 0)) * h.w_min_lo
                                                   + coalesce(u.utilization, 0) * h.w_max_lo) + h.extra_gb * 0.392)
                   WHEN 'vcpu' THEN h.qty_h * ((1 - coalesce(u.utilization, 0)) * h.w_min_lo
                                               + coalesce(u.utilization, 0) * h.w_max_lo)
                   WHEN 'memory' THEN h.qty_h * 0.392
                   WHEN 'storage' THEN h.qty_h / 1000.0 * CASE WHEN h.disk = 'ssd' THEN 1.2 ELSE 0.65 END
               END AS wh_lo,
               CASE h.kind
                   WHEN 'instance' THEN h.qty_h * (h.vcpus * ((1 - coalesce(u.utilization, 1)) * h.w_min_hi
                                                   + coalesce(u.utilization, 1) * h.w_max_hi) + h.extra_gb * 0.392)
                   WHEN 'vcpu' THEN h.qty_h * ((1 - coalesce(u.utilization, 1)) * h.w_min_hi
                                               + coalesce(u.utilization, 1) * h.w_max_hi)
                   WHEN 'memory' THEN h.qty_h * 0.392
                   WHEN 'storage' THEN h.qty_h / 1000.0 * CASE WHEN h.disk = 'hdd' THEN 0.65 ELSE 1.2 END
               END AS wh_hi
        FROM hours h
        LEFT JOIN util u ON u.resource_id = h.rid AND u.hour = h.hour  -- used for instance and vcpu rows only
        LEFT JOIN intensity i ON i.provider = h.provider AND i.region_id = h.region AND i.hour = h.hour
    )
    SELECT e.row_id, e.charge_period_start, e.hour, e.first_hour,
           CASE WHEN group_by = 'kind' THEN e.kind ELSE e.group_key END, e.billing_currency,
           e.provider, e.region, e.rid, e.kind, coalesce(e.known_type, e.ikey), e.vcpus, e.qty_h,
           coalesce(e.measured, CASE WHEN e.kind IN ('instance', 'vcpu') THEN default_utilization END),
           e.measured IS NOT NULL,
           e.wh / 1000.0 * e.pue, e.wh_lo / 1000.0 * e.pue_low, e.wh_hi / 1000.0 * e.pue_high,
           e.g_per_kwh, e.method,
           e.wh / 1000.0 * e.pue * e.g_per_kwh,
           e.wh_lo / 1000.0 * e.pue_low * e.g_per_kwh,
           e.wh_hi / 1000.0 * e.pue_high * e.g_per_kwh,
           e.effective_cost_share
    FROM energy e
$$;

-- Energy and emissions per FOCUS row and hour of its charge period (finops.carbon_hours without the group key).
CREATE OR REPLACE FUNCTION finops.carbon_row_hours(from_time timestamptz, to_time timestamptz,
                                                   usage_metric text DEFAULT 'azure_vm_cpu_utilization_percent',
                                                   default_utilization double precision DEFAULT 0.5)
RETURNS TABLE (row_id text, charge_period_start timestamptz, hour timestamptz, provider text, region_id text,
               resource_id text, kind text, instance_type text, vcpus double precision, quantity double precision,
               utilization double precision, utilization_measured boolean,
               energy_kwh double precision, energy_kwh_low double precision, energy_kwh_high double precision,
               g_per_kwh double precision, intensity_method text,
               emissions_g double precision, emissions_g_low double precision, emissions_g_high double precision)
LANGUAGE sql STABLE ROWS 100000 AS $$
    SELECT h.row_id, h.charge_period_start, h.hour, h.provider, h.region_id, h.resource_id, h.kind, h.instance_type,
           h.vcpus, h.quantity, h.utilization, h.utilization_measured, h.energy_kwh, h.energy_kwh_low,
           h.energy_kwh_high, h.g_per_kwh, h.intensity_method, h.emissions_g, h.emissions_g_low, h.emissions_g_high
    FROM finops.carbon_hours(from_time, to_time, usage_metric, default_utilization, 'resource') h
$$;



-- Per FOCUS row overlapping [from_time, to_time): its cost and, for the rows that are estimated, energy and
-- emissions (grams CO2e) with their band, the kind, the intensity method(s) and how many hours had a measured
-- utilisation. Costs count in full for rows overlapping the window (as finops.resource_cost_usage does), and so
-- do their emissions: use windows aligned with the charge periods.
CREATE OR REPLACE FUNCTION finops.carbon_row_emissions(from_time timestamptz, to_time timestamptz,
                                                       usage_metric text DEFAULT 'azure_vm_cpu_utilization_percent',
                                                       default_utilization double precision DEFAULT 0.5)
RETURNS TABLE (row_id text, charge_period_start timestamptz, charge_period_end timestamptz, provider_name text,
               region_id text, resource_id text, service_name text, sub_account_id text, tags jsonb,
               billing_currency text, billed_cost numeric, effective_cost numeric,
               kind text, instance_type text, vcpus double precision, hours bigint, hours_utilization_measured bigint,
               energy_kwh double precision, energy_kwh_low double precision, energy_kwh_high double precision,
               emissions_g double precision, emissions_g_low double precision, emissions_g_high double precision,
               intensity_method text)
LANGUAGE sql STABLE ROWS 100000 SET jit = off SET work_mem = '64MB' AS $$
    WITH per_row AS (
        SELECT h.row_id, h.charge_period_start, min(h.kind) AS kind, min(h.instance_type) AS instance_type,
               min(h.vcpus) AS vcpus, count(*) AS hours, count(*) FILTER (WHERE h.utilization_measured) AS measured,
               sum(h.energy_kwh) AS kwh, sum(h.energy_kwh_low) AS kwh_lo, sum(h.energy_kwh_high) AS kwh_hi,
               -- an hour without an intensity leaves the row's emissions unknown (NULL), never understated
               CASE WHEN bool_and(h.g_per_kwh IS NOT NULL) THEN sum(h.emissions_g) END AS g,
               CASE WHEN bool_and(h.g_per_kwh IS NOT NULL) THEN sum(h.emissions_g_low) END AS g_lo,
               CASE WHEN bool_and(h.g_per_kwh IS NOT NULL) THEN sum(h.emissions_g_high) END AS g_hi,
               string_agg(DISTINCT h.intensity_method, '+' ORDER BY h.intensity_method) AS method
        FROM finops.carbon_row_hours(from_time, to_time, usage_metric, default_utilization) h
        GROUP BY h.row_id, h.charge_period_start
    )
    SELECT c.row_id, c.charge_period_start, c.charge_period_end,
           coalesce(c.host_provider_name, c.service_provider_name, c.provider_name),
           c.region_id, c.resource_id, c.service_name, c.sub_account_id, c.tags,
           c.billing_currency, c.billed_cost, c.effective_cost,
           r.kind, r.instance_type, r.vcpus, coalesce(r.hours, 0), coalesce(r.measured, 0),
           r.kwh, r.kwh_lo, r.kwh_hi, r.g, r.g_lo, r.g_hi, r.method
    FROM finops.focus_costs c
    LEFT JOIN per_row r ON r.row_id = c.row_id AND r.charge_period_start = c.charge_period_start
    WHERE c.charge_period_start < to_time
      AND coalesce(c.charge_period_end, c.charge_period_start) > from_time
$$;

-- Emissions beside cost, grouped: 'resource' (lower-case ResourceId), 'service', 'sub_account', 'region',
-- 'provider', 'kind', or 'tag:<key>' (the tag's value; rows without it group under NULL). One row per group and
-- BillingCurrency: the cost of every row overlapping the window (the sums a plain aggregate gives), `rows`, and
-- of those `rows_estimated` with emissions; `emissions_g` sums them (NULL when none), `grams_per_currency_unit`
-- divides by their effective cost. Grouped by 'kind' (instance, vcpu, memory, storage) only estimated rows
-- appear and the cost columns are NULL. The sums are over the rows' hours, straight from carbon_row_hours.
CREATE OR REPLACE FUNCTION finops.carbon_emissions(from_time timestamptz, to_time timestamptz,
                                                   group_by text DEFAULT 'service',
                                                   usage_metric text DEFAULT 'azure_vm_cpu_utilization_percent',
                                                   default_utilization double precision DEFAULT 0.5)
RETURNS TABLE (group_key text, billing_currency text, billed_cost numeric, effective_cost numeric, rows bigint,
               rows_estimated bigint, energy_kwh double precision, energy_kwh_low double precision,
               energy_kwh_high double precision, emissions_g double precision, emissions_g_low double precision,
               emissions_g_high double precision, grams_per_currency_unit double precision, methods text)
LANGUAGE plpgsql STABLE SET jit = off SET work_mem = '64MB' AS $$
BEGIN
    IF group_by NOT IN ('resource', 'service', 'sub_account', 'region', 'provider', 'kind')
       AND group_by NOT LIKE 'tag:_%' THEN
        RAISE EXCEPTION 'group_by must be resource, service, sub_account, region, provider, kind or tag:<key>, '
                        'not %', group_by USING ERRCODE = '22023';
    END IF;
    -- cost of every row (as a plain aggregate would give it) beside the emissions of the estimated rows' hours
    RETURN QUERY
    WITH cost AS (
        SELECT finops.carbon_group_key(group_by, c.resource_id, c.service_name, c.sub_account_id, c.region_id,
                                       coalesce(c.host_provider_name, c.service_provider_name, c.provider_name),
                                       c.tags) AS key,
               c.billing_currency AS currency,
               sum(c.billed_cost) AS billed, sum(c.effective_cost) AS effective, count(*) AS n
        FROM finops.focus_costs c
        WHERE c.charge_period_start < to_time
          AND coalesce(c.charge_period_end, c.charge_period_start) > from_time
          AND group_by <> 'kind'
        GROUP BY 1, 2
    ), em AS (
        SELECT h.group_key AS key, h.billing_currency AS currency,
               count(*) FILTER (WHERE h.first_hour AND h.g_per_kwh IS NOT NULL) AS estimated,
               count(*) FILTER (WHERE h.first_hour) AS modelled,
               sum(h.energy_kwh) AS kwh, sum(h.energy_kwh_low) AS kwh_lo, sum(h.energy_kwh_high) AS kwh_hi,
               sum(h.emissions_g) AS g, sum(h.emissions_g_low) AS g_lo, sum(h.emissions_g_high) AS g_hi,
               sum(h.effective_cost_share) FILTER (WHERE h.g_per_kwh IS NOT NULL) AS estimated_cost,
               -- the methods used, in name order (a fixed set: one pass, no sort of every hour)
               concat_ws(', ',
                   CASE WHEN bool_or(h.intensity_method = 'live:electricity_maps') THEN 'live:electricity_maps' END,
                   CASE WHEN bool_or(h.intensity_method = 'live:uk_carbon_intensity')
                        THEN 'live:uk_carbon_intensity' END,
                   CASE WHEN bool_or(h.intensity_method = 'live:watttime') THEN 'live:watttime' END,
                   CASE WHEN bool_or(h.intensity_method NOT IN ('live:electricity_maps', 'live:uk_carbon_intensity',
                                                                'live:watttime', 'none', 'table:country',
                                                                'table:region')) THEN 'live:other' END,
                   CASE WHEN bool_or(h.intensity_method = 'none') THEN 'none' END,
                   CASE WHEN bool_or(h.intensity_method = 'table:country') THEN 'table:country' END,
                   CASE WHEN bool_or(h.intensity_method = 'table:region') THEN 'table:region' END) AS methods
        FROM finops.carbon_hours(from_time, to_time, usage_metric, default_utilization, group_by) h
        GROUP BY 1, 2
    )
    SELECT coalesce(c.key, e.key), coalesce(c.currency, e.currency), c.billed, c.effective,
           coalesce(c.n, e.modelled), coalesce(e.estimated, 0), e.kwh, e.kwh_lo, e.kwh_hi, e.g, e.g_lo, e.g_hi,
           e.g / nullif(e.estimated_cost, 0)::double precision, e.methods
    FROM cost c
    FULL JOIN em e  -- NULL keys match NULL keys, and the join stays a hash join
      ON (e.key IS NULL) = (c.key IS NULL) AND coalesce(e.key, '') = coalesce(c.key, '')
     AND (e.currency IS NULL) = (c.currency IS NULL) AND coalesce(e.currency, '') = coalesce(c.currency, '')
    ORDER BY e.g DESC NULLS LAST, 1, 2;
END
$$;

-- What the same workload would have emitted in each region of its provider: every estimated resource's hourly
-- energy times each candidate region's hourly intensity (live where a source covers it, else the table). The
-- provider's PUE is the same everywhere, so only the grid changes; whether the instance type is offered in the
-- candidate region is not checked. Computed as the table term per year plus the live hours' difference, so the
-- candidate regions without live data cost one multiplication each.
CREATE OR REPLACE FUNCTION finops.carbon_region_alternatives(from_time timestamptz, to_time timestamptz,
                                                             usage_metric text DEFAULT 'azure_vm_cpu_utilization_percent',
                                                             default_utilization double precision DEFAULT 0.5)
RETURNS TABLE (resource_id text, provider text, region_id text, candidate_region text, energy_kwh double precision,
               emissions_g double precision, current_emissions_g double precision, difference_g double precision)
LANGUAGE sql STABLE SET jit = off SET work_mem = '64MB' AS $$
    WITH rh AS (
        SELECT h.resource_id, h.provider, h.region_id, h.hour, sum(h.energy_kwh) AS kwh,
               sum(h.emissions_g) AS g
        FROM finops.carbon_row_hours(from_time, to_time, usage_metric, default_utilization) h
        WHERE h.resource_id IS NOT NULL
        GROUP BY 1, 2, 3, 4
    ), bounds AS (
        SELECT min(hour) AS lo, max(hour) + interval '1 hour' AS hi FROM rh
    ), current AS (
        SELECT r.resource_id, r.provider, r.region_id, sum(r.kwh) AS kwh,
               CASE WHEN bool_and(r.g IS NOT NULL) THEN sum(r.g) END AS g
        FROM rh r GROUP BY 1, 2, 3
    ), per_year AS (
        SELECT r.resource_id, r.provider, extract(year FROM r.hour AT TIME ZONE 'UTC')::integer AS y, sum(r.kwh) AS kwh
        FROM rh r GROUP BY 1, 2, 3
    ), tab AS (
        SELECT t.* FROM bounds b, finops.carbon_table_rows(extract(year FROM b.lo AT TIME ZONE 'UTC')::integer,
                                                           extract(year FROM b.hi AT TIME ZONE 'UTC')::integer) t
    ), base AS (
        SELECT p.resource_id, t.region_id AS candidate, sum(p.kwh * t.g_per_kwh) AS g
        FROM per_year p JOIN tab t ON t.provider = p.provider AND t.for_year = p.y
        GROUP BY 1, 2
    ), live AS (
        SELECT i.provider, i.region_id, i.hour, i.g_per_kwh - i.table_g_per_kwh AS delta
        FROM bounds b, finops.carbon_region_hourly(b.lo, b.hi) i
        WHERE i.method LIKE 'live:%'
    ), correction AS (
        SELECT r.resource_id, l.region_id AS candidate, sum(r.kwh * l.delta) AS g
        FROM rh r JOIN live l ON l.provider = r.provider AND l.hour = r.hour
        GROUP BY 1, 2
    )
    SELECT c.resource_id, c.provider, c.region_id, b.candidate, c.kwh, b.g + coalesce(k.g, 0), c.g,
           b.g + coalesce(k.g, 0) - c.g
    FROM current c
    JOIN base b ON b.resource_id = c.resource_id
    LEFT JOIN correction k ON k.resource_id = c.resource_id AND k.candidate = b.candidate
    ORDER BY c.resource_id, b.g + coalesce(k.g, 0)
$$;

-- Forecast points as the exporter stores them: issued at the sample time, for the period `horizon_seconds` later.
CREATE OR REPLACE FUNCTION finops.carbon_forecasts(from_time timestamptz, to_time timestamptz)
RETURNS TABLE (issued timestamptz, target timestamptz, horizon_seconds integer, source text, zone text, signal text,
               g_per_kwh double precision)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT d.time, d.time + make_interval(secs => (s.labels ->> 'horizon_seconds')::integer),
           (s.labels ->> 'horizon_seconds')::integer, s.labels ->> 'source', s.labels ->> 'zone',
           s.labels ->> 'signal', d.value
    FROM finops.series s
    JOIN finops.series_samples(ARRAY(SELECT id FROM finops.series
                                     WHERE metric_name = 'carbon_intensity_forecast_grams_per_kilowatt_hour'),
                               from_time, to_time) d ON d.series_id = s.id
    WHERE s.metric_name = 'carbon_intensity_forecast_grams_per_kilowatt_hour'
      AND s.labels ->> 'horizon_seconds' ~ '^[0-9]+$'
      AND d.time >= from_time AND d.time < to_time
      AND d.value <> 'NaN'::double precision
$$;

-- How good the stored forecasts were: for target hours in [from_time, to_time), each issued forecast's hourly mean
-- against the hourly mean of the actuals of the same source, zone and signal; per whole hour of lead time.
-- MAE and bias in g/kWh, MAPE as a ratio.
CREATE OR REPLACE FUNCTION finops.carbon_forecast_accuracy(from_time timestamptz, to_time timestamptz)
RETURNS TABLE (source text, zone text, signal text, lead_hours integer, forecasts bigint, mae double precision,
               mape double precision, bias double precision)
LANGUAGE sql STABLE AS $$
    WITH f AS (
        SELECT f.issued, f.source, f.zone, f.signal,
               date_bin('1 hour', f.target, timestamptz '2000-01-01 00:00:00+00') AS hour, avg(f.g_per_kwh) AS g
        FROM finops.carbon_forecasts(from_time - interval '3 days', to_time) f
        WHERE f.target >= from_time AND f.target < to_time
        GROUP BY 1, 2, 3, 4, 5
    ), a AS (
        SELECT a.hour, a.source, a.zone, a.signal, avg(a.g_per_kwh) AS g
        FROM (SELECT l.*, 'average' AS signal FROM finops.carbon_live_hourly(from_time, to_time, 'average') l
              UNION ALL
              SELECT l.*, 'marginal' FROM finops.carbon_live_hourly(from_time, to_time, 'marginal') l) a
        WHERE NOT a.estimated OR a.source <> 'electricity_maps'
        GROUP BY 1, 2, 3, 4
    )
    SELECT f.source, f.zone, f.signal,
           floor(extract(epoch FROM f.hour - date_bin('1 hour', f.issued, timestamptz '2000-01-01 00:00:00+00'))
                 / 3600)::integer,
           count(*), avg(abs(f.g - a.g)), avg(abs(f.g - a.g) / nullif(a.g, 0)), avg(f.g - a.g)
    FROM f JOIN a ON a.source = f.source AND a.zone = f.zone AND a.signal = f.signal AND a.hour = f.hour
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
$$;

-- The lowest-intensity window of `window_hours` consecutive hours in each zone's newest forecast (issued in the
-- six hours before `as_of`), from the hour of `as_of` on; with the cloud regions the zone feeds and how much lower
-- the window is than the current hour's forecast.
CREATE OR REPLACE FUNCTION finops.carbon_lowest_window(window_hours integer DEFAULT 1, as_of timestamptz DEFAULT now())
RETURNS TABLE (provider text, region_id text, source text, zone text, signal text, issued timestamptz,
               window_start timestamptz, window_end timestamptz, window_g_per_kwh double precision,
               now_g_per_kwh double precision, reduction double precision)
LANGUAGE sql STABLE AS $$
    WITH f AS (
        SELECT * FROM finops.carbon_forecasts(as_of - interval '6 hours', as_of + interval '1 second')
    ), newest AS (
        SELECT f.source, f.zone, f.signal, max(f.issued) AS issued FROM f GROUP BY 1, 2, 3
    ), hourly AS (
        SELECT f.source, f.zone, f.signal, n.issued,
               date_bin('1 hour', f.target, timestamptz '2000-01-01 00:00:00+00') AS hour, avg(f.g_per_kwh) AS g
        FROM f JOIN newest n USING (source, zone, signal, issued)
        WHERE f.target >= date_bin('1 hour', as_of, timestamptz '2000-01-01 00:00:00+00')
        GROUP BY 1, 2, 3, 4, 5
    ), windows AS (
        SELECT h.*, avg(h.g) OVER w AS window_g, count(*) OVER w AS n,
               last_value(h.hour) OVER w AS last_hour,
               first_value(h.g) OVER (PARTITION BY h.source, h.zone, h.signal ORDER BY h.hour) AS now_g
        FROM hourly h
        WINDOW w AS (PARTITION BY h.source, h.zone, h.signal ORDER BY h.hour
                     ROWS BETWEEN CURRENT ROW AND window_hours - 1 FOLLOWING)
    ), best AS (
        SELECT DISTINCT ON (w.source, w.zone, w.signal) w.*
        FROM windows w
        WHERE w.n = window_hours AND w.last_hour = w.hour + make_interval(hours => window_hours - 1)
        ORDER BY w.source, w.zone, w.signal, w.window_g, w.hour
    )
    SELECT r.provider, r.region_id, b.source, b.zone, b.signal, b.issued, b.hour,
           b.hour + make_interval(hours => window_hours), b.window_g, b.now_g,
           1 - b.window_g / nullif(b.now_g, 0)
    FROM best b
    LEFT JOIN finops.carbon_table_rows(extract(year FROM as_of AT TIME ZONE 'UTC')::integer,
                                       extract(year FROM as_of AT TIME ZONE 'UTC')::integer) r
      ON (b.source = 'watttime' AND r.watttime_region = b.zone) OR (b.source <> 'watttime' AND r.em_zone = b.zone)
    ORDER BY 1, 2, 3, 4
$$;
