// Command http is the load tool of the HTTP benchmarks: it sends requests
// to a Takedown server from a second process over loopback and reports
// latency percentiles, throughput and errors.
//
// Read load: -c connections for -d (at most -n requests) on the -path
// templates, in turn. A template's {id} is replaced by a value of -values,
// percent-encoded as a path segment, and {q} by one query-escaped:
//
//	go run ./bench/http -url http://127.0.0.1:8080 -token $TOKEN -c 16 -d 10s \
//	    -values ids.txt -path '/v1/accounts/{id}/linked?depth=2'
//
// Ingest load: -ingest posts an NDJSON file to /v1/ingest in bodies of
// -chunk lines, -c at a time, and reports records per second:
//
//	go run ./bench/http -url ... -token ... -ingest data.ndjson -chunk 10000 -c 1
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type paths []string

func (p *paths) String() string     { return strings.Join(*p, ",") }
func (p *paths) Set(v string) error { *p = append(*p, v); return nil }

// Report is the result of one run, printed as JSON with -json.
type Report struct {
	Name      string        `json:"name"`
	Conns     int           `json:"conns"`
	Requests  int64         `json:"requests"`
	Errors    int64         `json:"errors"`
	Seconds   float64       `json:"seconds"`
	RPS       float64       `json:"rps"`
	P50ms     float64       `json:"p50_ms"`
	P90ms     float64       `json:"p90_ms"`
	P99ms     float64       `json:"p99_ms"`
	MaxMs     float64       `json:"max_ms"`
	Records   int64         `json:"records,omitempty"`
	RecordsPS float64       `json:"records_per_s,omitempty"`
	Statuses  map[int]int64 `json:"statuses"`
	FirstErr  string        `json:"first_error,omitempty"`
}

func main() {
	var ps paths
	base := flag.String("url", "http://127.0.0.1:8080", "server base URL (loopback only)")
	token := flag.String("token", os.Getenv("TAKEDOWN_TOKEN"), "bearer token")
	conns := flag.Int("c", 16, "concurrent connections")
	dur := flag.Duration("d", 10*time.Second, "duration")
	maxN := flag.Int64("n", 2_000_000, "at most this many requests")
	warm := flag.Duration("warmup", time.Second, "warm-up before measuring")
	flag.Var(&ps, "path", "request path template (repeatable)")
	values := flag.String("values", "", "file of values for {id} and {q}, one a line")
	ingestFile := flag.String("ingest", "", "NDJSON file to post to /v1/ingest")
	chunk := flag.Int("chunk", 10000, "lines per ingest body")
	name := flag.String("name", "", "name of the run in the report")
	asJSON := flag.Bool("json", false, "print the report as JSON")
	flag.Parse()

	u, err := url.Parse(*base)
	if err != nil || !isLoopback(u.Hostname()) {
		fail("-url must be a loopback address, got %q", *base)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: *conns, MaxIdleConnsPerHost: *conns,
		MaxConnsPerHost: *conns, IdleConnTimeout: time.Minute}, Timeout: 5 * time.Minute}
	var rep *Report
	if *ingestFile != "" {
		rep = runIngest(client, *base, *token, *ingestFile, *chunk, *conns)
	} else {
		if len(ps) == 0 {
			fail("give -path or -ingest")
		}
		var vals []string
		if *values != "" {
			vals = readLines(*values)
		}
		if *warm > 0 {
			runRead(client, *base, *token, ps, vals, *conns, *warm, *maxN)
		}
		rep = runRead(client, *base, *token, ps, vals, *conns, *dur, *maxN)
	}
	rep.Name = *name
	if rep.Name == "" {
		rep.Name = strings.Join(ps, " ")
		if *ingestFile != "" {
			rep.Name = "ingest " + *ingestFile
		}
	}
	if *asJSON {
		b, _ := json.Marshal(rep)
		fmt.Println(string(b))
		return
	}
	fmt.Printf("%s\n  conns %d  requests %d  errors %d  %.1fs  %.0f req/s\n  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms\n",
		rep.Name, rep.Conns, rep.Requests, rep.Errors, rep.Seconds, rep.RPS, rep.P50ms, rep.P90ms, rep.P99ms, rep.MaxMs)
	if rep.Records > 0 {
		fmt.Printf("  records %d  %.0f records/s\n", rep.Records, rep.RecordsPS)
	}
	fmt.Printf("  statuses %v\n", rep.Statuses)
	if rep.FirstErr != "" {
		fmt.Printf("  first error: %s\n", rep.FirstErr)
	}
}

func isLoopback(host string) bool {
	return host == "localhost" || strings.HasPrefix(host, "127.") || host == "::1"
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "http: "+format+"\n", args...)
	os.Exit(2)
}

func readLines(path string) []string {
	f, err := os.Open(path)
	if err != nil {
		fail("%v", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if l := strings.TrimRight(sc.Text(), "\r"); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// escapeSegment percent-encodes all but letters, digits and -._~.
func escapeSegment(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

type sample struct {
	mu       sync.Mutex
	lat      []time.Duration
	statuses map[int]int64
	errors   int64
	firstErr string
}

func (s *sample) add(d time.Duration, status int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lat = append(s.lat, d)
	s.statuses[status]++
	if err != nil || status < 200 || status > 299 {
		s.errors++
		if s.firstErr == "" {
			if err != nil {
				s.firstErr = err.Error()
			} else {
				s.firstErr = fmt.Sprintf("status %d", status)
			}
		}
	}
}

func (s *sample) report(conns int, secs float64) *Report {
	slices.Sort(s.lat)
	pct := func(p float64) float64 {
		if len(s.lat) == 0 {
			return 0
		}
		i := int(p * float64(len(s.lat)-1))
		return float64(s.lat[i].Microseconds()) / 1000
	}
	r := &Report{Conns: conns, Requests: int64(len(s.lat)), Errors: s.errors, Seconds: secs,
		RPS: float64(len(s.lat)) / secs, P50ms: pct(0.50), P90ms: pct(0.90), P99ms: pct(0.99), MaxMs: pct(1),
		Statuses: s.statuses, FirstErr: s.firstErr}
	return r
}

func runRead(client *http.Client, base, token string, ps []string, vals []string, conns int, dur time.Duration, maxN int64) *Report {
	s := &sample{statuses: map[int]int64{}}
	var n atomic.Int64
	deadline := time.Now().Add(dur)
	t0 := time.Now()
	var wg sync.WaitGroup
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w)+1, 7))
			for i := 0; time.Now().Before(deadline) && n.Add(1) <= maxN; i++ {
				p := ps[i%len(ps)]
				if len(vals) > 0 {
					v := vals[rng.IntN(len(vals))]
					p = strings.ReplaceAll(p, "{id}", escapeSegment(v))
					p = strings.ReplaceAll(p, "{q}", url.QueryEscape(v))
				}
				req, _ := http.NewRequest("GET", base+p, nil)
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				start := time.Now()
				res, err := client.Do(req)
				status := 0
				if err == nil {
					_, err = io.Copy(io.Discard, res.Body)
					res.Body.Close()
					status = res.StatusCode
				}
				s.add(time.Since(start), status, err)
			}
		}()
	}
	wg.Wait()
	return s.report(conns, time.Since(t0).Seconds())
}

func runIngest(client *http.Client, base, token, file string, chunk, conns int) *Report {
	f, err := os.Open(file)
	if err != nil {
		fail("%v", err)
	}
	defer f.Close()
	type body struct {
		b     []byte
		lines int64
	}
	bodies := make(chan body, conns)
	go func() {
		defer close(bodies)
		br := bufio.NewReaderSize(f, 1<<20)
		var buf bytes.Buffer
		var lines int64
		for {
			line, err := br.ReadBytes('\n')
			if len(line) > 0 {
				buf.Write(line)
				lines++
			}
			if lines == int64(chunk) || (err != nil && lines > 0) {
				bodies <- body{b: bytes.Clone(buf.Bytes()), lines: lines}
				buf.Reset()
				lines = 0
			}
			if err != nil {
				return
			}
		}
	}()
	s := &sample{statuses: map[int]int64{}}
	var records atomic.Int64
	t0 := time.Now()
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range bodies {
				req, _ := http.NewRequest("POST", base+"/v1/ingest", bytes.NewReader(b.b))
				req.Header.Set("Content-Type", "application/x-ndjson")
				if token != "" {
					req.Header.Set("Authorization", "Bearer "+token)
				}
				start := time.Now()
				res, err := client.Do(req)
				status := 0
				if err == nil {
					var out struct {
						Records int64 `json:"records"`
					}
					raw, _ := io.ReadAll(res.Body)
					res.Body.Close()
					status = res.StatusCode
					if json.Unmarshal(raw, &out) == nil && status == 200 {
						records.Add(out.Records)
					}
				}
				s.add(time.Since(start), status, err)
			}
		}()
	}
	wg.Wait()
	secs := time.Since(t0).Seconds()
	r := s.report(conns, secs)
	r.Records = records.Load()
	r.RecordsPS = float64(r.Records) / secs
	return r
}
