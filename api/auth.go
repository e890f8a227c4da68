package api

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/takedown/takedown/graph"
)

// identify reads the bearer token, if any, and notes who the caller is.
// It rejects nothing: require does, per route, so that the rejection is
// audited and answered as a problem.
func (s *Server) identify(c *gin.Context) {
	h := c.GetHeader("Authorization")
	if h == "" {
		c.Next()
		return
	}
	scheme, token, ok := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		c.Set(ctxBadToken, true)
		c.Next()
		return
	}
	if k, ok := s.keys.Authenticate(token); ok {
		c.Set(ctxCaller, k)
	} else {
		c.Set(ctxBadToken, true)
	}
	c.Next()
}

// CallerOf returns the key the request was signed in with.
func CallerOf(c *gin.Context) (Key, bool) {
	v, ok := c.Get(ctxCaller)
	if !ok {
		return Key{}, false
	}
	k, ok := v.(Key)
	return k, ok
}

// allow applies the rate limit of the caller: its key, or its address
// when it has no valid key. It answers 429 when the bucket is empty.
func (s *Server) allow(c *gin.Context) bool {
	who := "ip:" + c.ClientIP()
	if k, ok := CallerOf(c); ok {
		who = "key:" + k.ID
	}
	ok, wait := s.limiter.allow(who)
	if ok {
		return true
	}
	s.metrics.rateLimited.Inc()
	c.Header("Retry-After", strconv.FormatInt(retryAfter(wait), 10))
	WriteProblem(c, Problem{Code: CodeRateLimited,
		Detail: "rate limit of " + strconv.FormatFloat(s.cfg.RateLimit, 'f', -1, 64) + " requests per second exceeded"})
	return false
}

// require lets through callers with at least role, within their rate.
func (s *Server) require(role Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		if role == Public {
			c.Next()
			return
		}
		if !s.allow(c) {
			return
		}
		k, ok := CallerOf(c)
		if !ok {
			c.Header("WWW-Authenticate", `Bearer realm="takedown"`)
			detail := "sign in with Authorization: Bearer TOKEN"
			if c.GetBool(ctxBadToken) {
				detail = "the bearer token is not valid"
			}
			Error(c, graph.Errorf(graph.EUNAUTHORIZED, "%s", detail))
			return
		}
		if k.Role < role {
			Error(c, graph.Errorf(graph.EFORBIDDEN, "this needs the %s role; key %q is %s", role, k.Name, k.Role))
			return
		}
		c.Next()
	}
}
