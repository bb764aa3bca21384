# One image for every component: `finops adapter`, `finops exporter focus-cost`, `finops exporter azure`, ...
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY finops finops
COPY focus focus
COPY remote_write_adapter remote_write_adapter
COPY exporters exporters
COPY reports reports
COPY sql sql
RUN pip install --no-cache-dir . && useradd --system --uid 10001 finops
ENV FINOPS_SQL_DIR=/app/sql
USER finops
ENTRYPOINT ["finops"]
