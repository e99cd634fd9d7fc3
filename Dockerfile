# The hub as a container image: `docker build -t vloket-hub .`
# Build stage: the project and its dependencies installed into a virtual environment.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/vloket
COPY pyproject.toml README.md ./
COPY hub ./hub
COPY registry ./registry
COPY connectors ./connectors
COPY demo ./demo
RUN /opt/vloket/bin/pip install .

# Run stage: the environment alone, run by an unprivileged user.
FROM python:3.11-slim-bookworm
ENV PATH=/opt/vloket/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HUB_LOG_JSON=true \
    HUB_MIGRATE_ON_START=false \
    HUB_DATABASE_URL=sqlite+aiosqlite:////var/lib/vloket/register.sqlite3
RUN groupadd --system --gid 10001 vloket \
    && useradd --system --uid 10001 --gid vloket --home-dir /var/lib/vloket --create-home vloket
COPY --from=build /opt/vloket /opt/vloket
USER 10001:10001
WORKDIR /var/lib/vloket
EXPOSE 8000
# Alive: the process answers. Ready (/readyz: database and Redis) is for the load balancer.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
# Migrations are their own step (`vloket db upgrade`, a compose service or a Kubernetes Job).
CMD ["vloket", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
