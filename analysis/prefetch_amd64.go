//go:build amd64 && !noprefetch

package analysis

// prefetch asks the processor to start loading the cache line at addr into
// all cache levels (PREFETCHT0). It never faults, whatever the address.
//
//go:noescape
func prefetch(addr uintptr)
