"""Carbon: the curated region table (grid intensity, PUE, zones) and the Cloud Carbon Footprint coefficients
shipped with the project, and `finops report emissions` over the emissions SQL of migration 0010."""
