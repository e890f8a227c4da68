package main

import (
	"context"
	"fmt"
)

func (m *Main) serve(ctx context.Context, args []string) error   { return m.notYet("serve") }
func (m *Main) analyze(ctx context.Context, args []string) error { return m.notYet("analyze") }
func (m *Main) notYet(name string) error {
	return fmt.Errorf("%s is not available in this build", name)
}
