package rank

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
)

// Config holds the factor weights, the tier thresholds, the advert gate and
// the lexicon.
type Config struct {
	Weights map[string]float64 // by factor name; a missing factor weighs 0
	Tiers   Tiers              // score thresholds: Top, High, Medium (below Medium: low)
	Lexicon *Lexicon           // nil: the embedded lexicon
	Gate    Gate               // the discussion penalty
}

// Tiers are the lowest scores of the top, high and medium tiers.
type Tiers struct{ Top, High, Medium float64 }

// Gate shapes the discussion penalty: the score is multiplied by
// Floor + (1-Floor)·min(1, advert/Full), advert being the normalised advert
// factor.
type Gate struct{ Floor, Full float64 }

//go:embed weights.default.json
var defaultWeightsJSON []byte

// DefaultConfig returns the embedded default weights, tiers and gate
// (rank/weights.default.json) with the embedded lexicon. Each call returns a
// new Config the caller may change.
func DefaultConfig() *Config {
	cfg := &Config{Weights: map[string]float64{}, Lexicon: DefaultLexicon()}
	if err := cfg.apply(defaultWeightsJSON); err != nil {
		panic("rank: weights.default.json: " + err.Error())
	}
	return cfg
}

// configFile is the JSON format of LoadConfig. Every part is optional and
// overrides the defaults; weights not listed keep their default.
type configFile struct {
	Weights map[string]float64 `json:"weights"`
	Tiers   *struct {
		Top    *float64 `json:"top"`
		High   *float64 `json:"high"`
		Medium *float64 `json:"medium"`
	} `json:"tiers"`
	Gate *struct {
		Floor *float64 `json:"floor"`
		Full  *float64 `json:"full"`
	} `json:"gate"`
	// Lexicon is a directory of LANG.txt files loaded over the embedded
	// lexicon; a relative path is relative to the JSON file.
	Lexicon string `json:"lexicon"`
}

// LoadConfig reads a JSON file of weights, tiers, gate and lexicon
// directory over the defaults (the format is that of
// rank/weights.default.json; see the package documentation).
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rank: config: %w", err)
	}
	cfg := DefaultConfig()
	if err := cfg.apply(b); err != nil {
		return nil, fmt.Errorf("rank: config %s: %w", path, err)
	}
	var f configFile
	_ = json.Unmarshal(b, &f) // already decoded strictly by apply
	if f.Lexicon != "" {
		dir := f.Lexicon
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(filepath.Dir(path), dir)
		}
		lx, err := LoadLexicon(dir)
		if err != nil {
			return nil, err
		}
		cfg.Lexicon = lx
	}
	return cfg, nil
}

// apply decodes a JSON configuration over cfg and validates the result.
func (cfg *Config) apply(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f configFile
	if err := dec.Decode(&f); err != nil {
		return err
	}
	for name, w := range f.Weights {
		if !slices.Contains(FactorNames, name) {
			return fmt.Errorf("unknown factor %q (factors: %v)", name, FactorNames)
		}
		cfg.Weights[name] = w
	}
	if t := f.Tiers; t != nil {
		set(&cfg.Tiers.Top, t.Top)
		set(&cfg.Tiers.High, t.High)
		set(&cfg.Tiers.Medium, t.Medium)
	}
	if g := f.Gate; g != nil {
		set(&cfg.Gate.Floor, g.Floor)
		set(&cfg.Gate.Full, g.Full)
	}
	return cfg.Validate()
}

func set(dst *float64, v *float64) {
	if v != nil {
		*dst = *v
	}
}

// Validate checks that weights are finite and non-negative with a positive
// sum, that 0 ≤ Medium ≤ High ≤ Top ≤ 1, and that the gate has
// 0 ≤ Floor ≤ 1 and Full > 0.
func (cfg *Config) Validate() error {
	sum := 0.0
	for _, name := range slices.Sorted(maps.Keys(cfg.Weights)) {
		w := cfg.Weights[name]
		if !(w >= 0) || math.IsInf(w, 0) {
			return fmt.Errorf("weight of %s is %v", name, w)
		}
		sum += w
	}
	if sum <= 0 {
		return errors.New("weights sum to zero")
	}
	t := cfg.Tiers
	if !(0 <= t.Medium && t.Medium <= t.High && t.High <= t.Top && t.Top <= 1) {
		return fmt.Errorf("tiers must satisfy 0 ≤ medium ≤ high ≤ top ≤ 1, got %+v", t)
	}
	if g := cfg.Gate; !(0 <= g.Floor && g.Floor <= 1 && g.Full > 0) || math.IsInf(g.Full, 0) {
		return fmt.Errorf("gate must have 0 ≤ floor ≤ 1 and full > 0, got %+v", g)
	}
	return nil
}

// Tier returns the tier of a score.
func (t Tiers) Tier(score float64) string {
	switch {
	case score >= t.Top:
		return TierTop
	case score >= t.High:
		return TierHigh
	case score >= t.Medium:
		return TierMedium
	}
	return TierLow
}
