-- Cost per provider and service, from the FOCUS cost table the adapter maintains from the exporter's series.
SELECT coalesce(provider_name, service_provider_name) AS provider,
       service_name,
       billing_currency,
       sum(billed_cost)    AS billed_cost,
       sum(effective_cost) AS effective_cost,
       count(*)            AS rows
FROM finops.focus_costs
GROUP BY 1, 2, 3
ORDER BY billed_cost DESC NULLS LAST
LIMIT 15;
