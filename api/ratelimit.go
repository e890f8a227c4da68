package api

import (
	"math"
	"sync"
	"time"
)

// limiter is a set of token buckets, one per caller (an API key, or the
// client address of a request without a valid key).
type limiter struct {
	rate  float64 // tokens per second
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	calls   int
}

type bucket struct {
	tokens float64
	last   time.Time
}

// idleBuckets are dropped after this long without use.
const idleBuckets = 10 * time.Minute

func newLimiter(rate float64, burst int) *limiter {
	return &limiter{rate: rate, burst: float64(burst), now: time.Now, buckets: map[string]*bucket{}}
}

// allow takes a token from who's bucket. When the bucket is empty it
// returns false and how long until a token is back.
func (l *limiter) allow(who string) (bool, time.Duration) {
	if l == nil || l.rate <= 0 {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls++
	if l.calls%4096 == 0 {
		for k, b := range l.buckets {
			if now.Sub(b.last) > idleBuckets {
				delete(l.buckets, k)
			}
		}
	}
	b, ok := l.buckets[who]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[who] = b
	}
	if dt := now.Sub(b.last).Seconds(); dt > 0 {
		b.tokens = math.Min(l.burst, b.tokens+dt*l.rate)
	}
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	return false, wait
}

// retryAfter is the Retry-After value, in whole seconds (at least 1).
func retryAfter(d time.Duration) int64 {
	s := int64(math.Ceil(d.Seconds()))
	return max(s, 1)
}
