package api

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the server's Prometheus collectors. Labels are route
// templates, never ids, so their number is bounded.
type metrics struct {
	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	ingestRecords prometheus.Counter
	ingestBatches prometheus.Counter
	ingestReject  prometheus.Counter
	ingestInvalid prometheus.Counter
	rateLimited   prometheus.Counter
	auditFailures prometheus.Counter
	auditAppend   prometheus.Histogram
}

func newMetrics(reg *prometheus.Registry) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "takedown_http_requests_total", Help: "HTTP requests by method, route template and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "takedown_http_request_duration_seconds",
			Help:    "HTTP request latency by method and route template.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method", "route"}),
		ingestRecords: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "takedown_ingest_records_total", Help: "Records written by ingests over HTTP."}),
		ingestBatches: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "takedown_ingest_batches_total", Help: "Ingest request bodies written (one transaction each)."}),
		ingestReject: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "takedown_ingest_rejected_total", Help: "Ingest request bodies rejected, nothing written."}),
		ingestInvalid: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "takedown_ingest_invalid_lines_total", Help: "Invalid lines seen by ingests over HTTP."}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "takedown_http_rate_limited_total", Help: "Requests refused by the per-key rate limit."}),
		auditFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "takedown_audit_append_failures_total", Help: "Requests not answered because their audit entry could not be written."}),
		auditAppend: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "takedown_audit_append_duration_seconds",
			Help:    "How long a request waited for its audit entry to be durable (the group commit, its write and fdatasync).",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
		}),
	}
	cs := []prometheus.Collector{m.requests, m.duration, m.ingestRecords, m.ingestBatches, m.ingestReject,
		m.ingestInvalid, m.rateLimited, m.auditFailures, m.auditAppend}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	// The Go and process collectors may already be in a shared registry.
	for _, c := range []prometheus.Collector{collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		if err := reg.Register(c); err != nil {
			if _, dup := err.(prometheus.AlreadyRegisteredError); !dup {
				return nil, err
			}
		}
	}
	return m, nil
}

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	if !methods[method] && method != "OPTIONS" {
		method = "other"
	}
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(method, route).Observe(d.Seconds())
}
