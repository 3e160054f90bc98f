# Shared by the probe benchmarks (sourced): builds launchgate and the demo target in release
# mode and starts the demo on random local ports.
#
#   source "$here/demo.sh"        # sets $lg and $demo
#   start_demo "$work" [demo-target flags…]   # sets $https, $http and $demo_pid, waits for it
#   trap 'kill $demo_pid 2>/dev/null || true' RETURN

(cd "$root" && cargo build --release --locked -q -p launchgate-cli -p demo-target)
lg="$root/target/release/launchgate"
demo="$root/target/release/demo-target"

start_demo() { # work dir, then demo-target flags
  local dir=$1; shift
  https=$((18000 + RANDOM % 1000)) http=$((19000 + RANDOM % 1000))
  "$demo" --https-port "$https" --http-port "$http" --ca-out "$dir/ca.pem" "$@" >/dev/null &
  demo_pid=$!
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$https) 2>/dev/null && break; sleep 0.1; done
}
