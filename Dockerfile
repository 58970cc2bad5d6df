# genai-bench as a container image (docker or podman; README "Container image").
#
#   podman build -t genai-bench .                       # the slim image: genai-bench and CA certificates
#   podman build -t genai-bench:reports --target reports .   # plus gnuplot, for `merge`, `report`, `plot`
#
# BASE_IMAGE: any Debian 12 image. Where no registry is reachable, make one locally:
#   mmdebstrap --variant=minbase bookworm base.tar && podman import base.tar localhost/debian:12
#   podman build --build-arg BASE_IMAGE=localhost/debian:12 -t genai-bench .
# GENAI_BENCH_FROM: `source` compiles the portable binary here (`make dist`'s, so the runtime
# stages need no library but glibc's and libstdc++'s); `prebuilt` takes dist/*.tar.gz from the
# build context instead (what tests/container/container_test.sh does, to skip a second compile).
ARG BASE_IMAGE=docker.io/library/debian:12
ARG GENAI_BENCH_FROM=source

# The binary: compiled here, or unpacked from the context's dist/. One stage with a switch, not
# `FROM ${GENAI_BENCH_FROM}`: buildah skips a stage named only through a default ARG.
FROM ${BASE_IMAGE} AS binary
ARG GENAI_BENCH_FROM
WORKDIR /src
COPY scripts/install-deps.sh scripts/
RUN if [ "$GENAI_BENCH_FROM" = source ]; then scripts/install-deps.sh compile && rm -rf /var/lib/apt/lists/*; fi
COPY . .
RUN set -e; mkdir /opt/genai-bench; case "$GENAI_BENCH_FROM" in \
      source) cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DGENAI_BUILD_TESTS=OFF \
                -DGENAI_BUILD_BENCH=OFF > /dev/null \
              && cmake --build /build --target genai-bench-portable \
              && scripts/make_dist.sh /build/genai-bench-portable \
                   "$(/build/genai-bench-portable --version | cut -d' ' -f2)" /tmp/dist > /dev/null \
              && tar -xzf /tmp/dist/genai-bench-*.tar.gz -C /opt/genai-bench --strip-components 1 ;; \
      prebuilt) tar -xzf dist/genai-bench-*-linux-x86_64.tar.gz -C /opt/genai-bench --strip-components 1 ;; \
      *) echo "GENAI_BENCH_FROM must be source or prebuilt, not '$GENAI_BENCH_FROM'" >&2; exit 1 ;; \
    esac

# What both images share: the binary, CA certificates for the hosted APIs, and a user that is not
# root (uid 65532), whose home holds the Hugging Face cache (tokenizers and datasets by Hub id).
FROM ${BASE_IMAGE} AS common
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates > /dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 65532 genai-bench \
 && useradd --uid 65532 --gid 65532 --create-home --home-dir /home/genai-bench genai-bench
COPY --from=binary /opt/genai-bench /opt/genai-bench
RUN ln -s /opt/genai-bench/bin/genai-bench /usr/local/bin/genai-bench
USER 65532:65532
WORKDIR /home/genai-bench
ENTRYPOINT ["genai-bench"]
CMD ["--help"]

# For `merge` and reports: gnuplot draws the plots (PNG and SVG, no X).
FROM common AS reports
USER root
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gnuplot-nox > /dev/null \
 && rm -rf /var/lib/apt/lists/*
USER 65532:65532

# The default target, last: the slim image the shards run.
FROM common AS runtime
