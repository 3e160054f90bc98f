# launchgate: the CLI in a small image. Used by action.yml (a Docker container action) and as a
# GitLab CI job image. No USER or WORKDIR: GitHub mounts the workspace and sets the working
# directory itself, and GitLab runs `script:` with a shell inside the image.

# Build: a release binary from the locked dependency set.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p launchgate-cli \
    && strip target/release/launchgate

# Run: Debian slim (a shell for GitLab, CA certificates for probing public sites). The CA bundle
# is deliberately not pinned: it should move with Debian's security updates.
FROM debian:bookworm-slim
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/launchgate /usr/local/bin/launchgate
ENTRYPOINT ["/usr/local/bin/launchgate"]
CMD ["--help"]
