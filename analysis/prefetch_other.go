//go:build !amd64 || noprefetch

package analysis

// prefetch is a no-op where no prefetch instruction is wired up.
func prefetch(addr uintptr) {}
