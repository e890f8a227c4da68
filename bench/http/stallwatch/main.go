// Command stallwatch measures how late the machine wakes a sleeping
// thread, beside a latency benchmark: it sleeps -every at a time and
// records how far past it each wake-up comes. With a load on every core a
// wake-up can wait a scheduler time slice or two (a few milliseconds);
// tens of milliseconds mean the whole machine stalled (the host or the
// kernel), which the benchmark's tail latency then shows too, whatever
// the server does.
//
//	stallwatch -name "linked c=64" &  # runs until SIGINT or SIGTERM
//
// On its way out it prints one JSON line: the wake-ups, the p99 and the
// largest delay, how many were over 10 ms and over 50 ms, and the time
// spent in delays over 10 ms.
package main

import (
	"encoding/json"
	"flag"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"
)

func main() {
	name := flag.String("name", "", "name to report")
	every := flag.Duration("every", time.Millisecond, "sleep between wake-ups")
	flag.Parse()
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	var delays []time.Duration
	t0 := time.Now()
	tick := time.NewTimer(*every)
	for last := time.Now(); ; {
		select {
		case <-stop:
			report(*name, time.Since(t0), delays)
			return
		case now := <-tick.C:
			delays = append(delays, now.Sub(last)-*every)
			tick.Reset(*every)
			last = time.Now()
		}
	}
}

func report(name string, d time.Duration, delays []time.Duration) {
	slices.Sort(delays)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	out := map[string]any{"name": name, "event": "stalls", "seconds": d.Seconds(), "wakeups": len(delays)}
	if n := len(delays); n > 0 {
		var over10, over50 int
		var stalled time.Duration
		for _, x := range delays {
			if x > 10*time.Millisecond {
				over10++
				stalled += x
			}
			if x > 50*time.Millisecond {
				over50++
			}
		}
		out["p99_ms"] = ms(delays[n*99/100])
		out["max_ms"] = ms(delays[n-1])
		out["over_10ms"], out["over_50ms"], out["stalled_ms"] = over10, over50, ms(stalled)
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
