// Command takedown is the Takedown service and its tools: it ingests
// intelligence on accounts, pages, posts and the identifiers that tie them,
// finds the networks, and serves them to investigators.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Version is set at build time with -ldflags "-X main.Version=...".
var Version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain()
	if err := m.Run(ctx, os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) && !errors.Is(err, errReported) {
			fmt.Fprintln(m.Stderr, "takedown:", err)
		}
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(1)
	}
}

// errReported is returned when the command already told the user what went
// wrong and only the exit status remains.
var errReported = errors.New("reported")

// Main is the program, with its inputs and outputs, so that tests run it
// whole (the end-to-end test serves on port 0).
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// OnListen, if set, is called with the address the server listens on.
	OnListen func(addr string)
}

// NewMain returns a Main wired to the process.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

type command struct {
	name, summary string
	run           func(m *Main, ctx context.Context, args []string) error
}

func (m *Main) commands() []command {
	return []command{
		{"serve", "serve the API and the web page", (*Main).serve},
		{"ingest", "ingest NDJSON files in the ingest format", (*Main).ingest},
		{"generate", "write a generated scenario in the ingest format", (*Main).generate},
		{"analyze", "find and rank the networks in the stored graph", (*Main).analyze},
		{"communities", "detect communities in an edge list", (*Main).communities},
		{"audit", "check the audit trail (audit verify)", (*Main).audit},
		{"version", "print the version", (*Main).version},
	}
}

func (m *Main) usage() {
	fmt.Fprintf(m.Stderr, `Takedown finds people-smuggling networks in intelligence on social-media
accounts, pages and posts, ranks them for referral to the platforms and
serves them to investigators.

Usage: takedown <command> [flags]

Commands:
`)
	for _, c := range m.commands() {
		fmt.Fprintf(m.Stderr, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(m.Stderr, `
Run "takedown <command> --help" for a command's flags.

Example:
  takedown serve --demo          # serve demo data on http://127.0.0.1:8080
  takedown ingest --data ./data intel.ndjson
`)
}

// Run runs one command.
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		m.usage()
		if len(args) == 0 {
			return errReported
		}
		return nil
	}
	if args[0] == "--version" || args[0] == "-version" {
		return m.version(ctx, nil)
	}
	for _, c := range m.commands() {
		if c.name == args[0] {
			return c.run(m, ctx, args[1:])
		}
	}
	m.usage()
	return fmt.Errorf("unknown command %q", args[0])
}

// flags returns a flag set whose usage shows the command's purpose and an
// example.
func (m *Main) flags(name, about, example string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "Usage: takedown %s\n\n%s\n\nFlags:\n", name, about)
		fs.PrintDefaults()
		fmt.Fprintf(m.Stderr, "\nExample:\n  %s\n", strings.ReplaceAll(example, "\n", "\n  "))
	}
	return fs
}

func (m *Main) version(ctx context.Context, args []string) error {
	fmt.Fprintln(m.Stdout, "takedown", Version)
	return nil
}

func (m *Main) env(key, def string) string {
	if v := m.Getenv(key); v != "" {
		return v
	}
	return def
}
