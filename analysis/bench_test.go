package analysis

import (
	"sync"
	"testing"
)

var (
	benchOnce  sync.Once
	benchGraph *Graph
	benchTruth []int32
)

// benchPlanted is the benchmark graph: a planted partition with 100k nodes,
// 100 communities, average degree 20 and mixing 0.3.
func benchPlanted(b *testing.B) (*Graph, []int32) {
	benchOnce.Do(func() { benchGraph, benchTruth = PlantedPartition(100_000, 100, 20, 0.3, 1) })
	return benchGraph, benchTruth
}

func BenchmarkLeiden100k(b *testing.B) {
	g, _ := benchPlanted(b)
	b.ResetTimer()
	var q float64
	for i := 0; b.Loop(); i++ {
		q = Leiden(g, LeidenOptions{Seed: int64(i)}).Quality
	}
	b.ReportMetric(q, "Q")
}

func BenchmarkLouvain100k(b *testing.B) {
	g, _ := benchPlanted(b)
	b.ResetTimer()
	var q float64
	for i := 0; b.Loop(); i++ {
		q = Louvain(g, LouvainOptions{Seed: int64(i)}).Quality
	}
	b.ReportMetric(q, "Q")
}

func BenchmarkPlantedPartition100k(b *testing.B) {
	for b.Loop() {
		PlantedPartition(100_000, 100, 20, 0.3, 1)
	}
}

func BenchmarkPageRank100k(b *testing.B) {
	g, _ := benchPlanted(b)
	b.ResetTimer()
	for b.Loop() {
		PageRank(g, 0.85, 1e-10, 100)
	}
}
