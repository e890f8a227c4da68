# syntax=docker/dockerfile:1
#
# takedown: a static binary on distroless. Build and run with Neo4j:
#   cp deploy/neo4j.env.example .env   # then set the password and API keys
#   docker compose up -d --build
# or on its own:
#   docker build -t takedown .
#   docker run -p 8080:8080 -e NEO4J_URI=neo4j://HOST:7687 -e NEO4J_PASSWORD=... \
#     -e TAKEDOWN_API_KEYS=admin:... takedown

FROM golang:1.26 AS build
WORKDIR /src
# Modules first, so that editing the sources keeps this layer cached.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=linux go build -trimpath -buildvcs=false -ldflags="-s -w" \
      -o /out/takedown ./cmd/takedown

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/takedown /takedown
# distroless "nonroot" (numeric, so runAsNonRoot checks can verify it)
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/takedown"]
CMD ["serve", "--addr", "0.0.0.0:8080", "--store", "neo4j"]
