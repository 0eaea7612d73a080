# Fucina in a container: build with the Rust toolchain, run as an unprivileged
# user on a slim Debian. The database is external: set FUCINA__DATABASE__URL.
#
#   docker build -t fucina .
#   docker run -p 8080:8080 \
#     -e FUCINA__SERVER__BASE_URL=https://innovation.example.org \
#     -e FUCINA__DATABASE__URL=postgres://fucina:secret@db/fucina \
#     -v fucina-data:/var/lib/fucina fucina

FROM rust:1.95-bookworm AS build
WORKDIR /src
# Dependencies first, so that a change to Fucina's code reuses their layer.
COPY Cargo.toml Cargo.lock ./
RUN mkdir src && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && cargo build --release --locked --bin fucina \
    && rm -rf src
COPY . .
RUN touch src/main.rs src/lib.rs && cargo build --release --locked --bin fucina

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --user-group --home-dir /var/lib/fucina --create-home --shell /usr/sbin/nologin fucina
COPY --from=build /src/target/release/fucina /usr/local/bin/fucina
USER fucina
WORKDIR /var/lib/fucina
ENV FUCINA__SERVER__LISTEN=0.0.0.0:8080 \
    FUCINA__STORAGE__DATA_DIR=/var/lib/fucina \
    FUCINA__LOG__FORMAT=json
EXPOSE 8080
VOLUME ["/var/lib/fucina"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["fucina"]
CMD ["serve"]
