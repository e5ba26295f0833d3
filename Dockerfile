# Lanterne: one static-ish binary on a small Debian base, running as a non-root user.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin lanterne

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --create-home lanterne
COPY --from=build /src/target/release/lanterne /usr/local/bin/lanterne
USER lanterne
WORKDIR /data
VOLUME /data
# Give LANTERNE_BASE_URL at `docker run` (-e LANTERNE_BASE_URL=https://go.example.com): without
# it short links point at http://0.0.0.0:8080, which Lanterne warns about in its log and to
# admins in the web UI.
ENV DATABASE_URL=sqlite:///data/lanterne.db \
    LANTERNE_LISTEN=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
ENTRYPOINT ["lanterne"]
CMD ["serve"]
