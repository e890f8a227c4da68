package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/takedown/takedown/graph"
)

// Role is what a caller may do. Each role may do what the roles below it
// may.
type Role int

const (
	// Public routes need no sign-in (health, metrics, the OpenAPI document).
	Public Role = iota
	// Viewer reads the graph.
	Viewer
	// Analyst also ingests, runs analyses and manages referrals.
	Analyst
	// Admin also reads the audit log and manages keys.
	Admin
)

var roleNames = []string{"public", "viewer", "analyst", "admin"}

func (r Role) String() string {
	if r >= 0 && int(r) < len(roleNames) {
		return roleNames[r]
	}
	return fmt.Sprintf("role(%d)", int(r))
}

// ParseRole parses a key role: viewer, analyst or admin.
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "viewer":
		return Viewer, nil
	case "analyst":
		return Analyst, nil
	case "admin":
		return Admin, nil
	}
	return Public, graph.Errorf(graph.EINVALID, "unknown role %q (want viewer, analyst or admin)", s)
}

// MarshalText writes the role's name.
func (r Role) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a key role's name.
func (r *Role) UnmarshalText(b []byte) error {
	v, err := ParseRole(string(b))
	*r = v
	return err
}

// Key is an API key as listed: never its token. Only the SHA-256 of a
// token is kept, in memory and in the store.
type Key struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Role    Role      `json:"role"`
	Created time.Time `json:"created,omitzero"`
	// Revoked is when the key was deleted. Revoked keys are kept (without
	// their hash) so that their names stay unique in the audit log.
	Revoked time.Time `json:"revoked,omitzero"`
	// Static keys come from TAKEDOWN_API_KEYS and are not stored.
	Static bool `json:"static,omitempty"`
}

// storedKey is a key in the meta document.
type storedKey struct {
	Key
	SHA256 string `json:"sha256,omitempty"`
}

type keysDoc struct {
	Keys []storedKey `json:"keys"`
}

// KeysDocID is the id, in the graph.CollMeta collection, of the document
// holding the stored keys.
const KeysDocID = "api_keys"

// Keys is the set of API keys: the static ones of TAKEDOWN_API_KEYS and
// those stored in the meta collection. It is safe for concurrent use.
type Keys struct {
	mu     sync.RWMutex
	keys   []storedKey
	hashes [][]byte       // hashes[i] is the decoded hash of keys[i] (nil if revoked)
	docs   graph.DocStore // nil: the key set cannot be changed
}

// MinTokenLength is the shortest token ParseKeys accepts.
const MinTokenLength = 16

// ParseKeys parses the TAKEDOWN_API_KEYS format: comma-separated
// role:token pairs, e.g. "admin:TOKEN1,analyst:TOKEN2,viewer:TOKEN3". The
// keys are named env-ROLE (env-ROLE-2 for a second key of a role). The
// returned set cannot be changed over HTTP; Bootstrap returns one that can.
func ParseKeys(s string) (*Keys, error) {
	k := &Keys{}
	count := map[Role]int{}
	for i, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		roleName, token, ok := strings.Cut(part, ":")
		if !ok {
			return nil, graph.Errorf(graph.EINVALID, "API key %d: want role:token", i+1)
		}
		role, err := ParseRole(roleName)
		if err != nil {
			return nil, graph.Errorf(graph.EINVALID, "API key %d: %s", i+1, graph.ErrorMessage(err))
		}
		token = strings.TrimSpace(token)
		if len(token) < MinTokenLength {
			return nil, graph.Errorf(graph.EINVALID, "API key %d: the token must have at least %d characters", i+1, MinTokenLength)
		}
		count[role]++
		name := "env-" + role.String()
		if count[role] > 1 {
			name = fmt.Sprintf("%s-%d", name, count[role])
		}
		h := sha256.Sum256([]byte(token))
		sk := storedKey{Key: Key{ID: name, Name: name, Role: role, Static: true}, SHA256: hex.EncodeToString(h[:])}
		if slices.ContainsFunc(k.keys, func(o storedKey) bool { return o.SHA256 == sk.SHA256 }) {
			return nil, graph.Errorf(graph.EINVALID, "API key %d: the same token is given twice", i+1)
		}
		k.add(sk)
	}
	if len(k.keys) == 0 {
		return nil, graph.Errorf(graph.EINVALID, "no API keys given")
	}
	return k, nil
}

func (k *Keys) add(sk storedKey) {
	k.keys = append(k.keys, sk)
	h, err := hex.DecodeString(sk.SHA256)
	if err != nil || len(h) != sha256.Size || !sk.Revoked.IsZero() {
		h = nil
	}
	k.hashes = append(k.hashes, h)
}

// Bootstrap loads the keys: the static ones of env (the TAKEDOWN_API_KEYS
// format, may be empty) and those stored in docs. If env is empty and no
// key is stored, it generates an admin key, stores only the SHA-256 of its
// token and returns the token as generated, once, for the caller to print.
// Later starts load the stored hashes and generate nothing.
func Bootstrap(ctx context.Context, docs graph.DocStore, env string) (keys *Keys, generated string, err error) {
	keys = &Keys{docs: docs}
	if strings.TrimSpace(env) != "" {
		static, err := ParseKeys(env)
		if err != nil {
			return nil, "", err
		}
		keys.keys, keys.hashes = static.keys, static.hashes
	}
	doc, err := loadKeysDoc(ctx, docs)
	if err != nil {
		return nil, "", err
	}
	for _, sk := range doc.Keys {
		keys.add(sk)
	}
	if len(keys.keys) > 0 {
		return keys, "", nil
	}
	token, sk, err := newKey("admin", Admin)
	if err != nil {
		return nil, "", err
	}
	if err := storeKeysDoc(ctx, docs, &keysDoc{Keys: []storedKey{sk}}); err != nil {
		return nil, "", err
	}
	keys.add(sk)
	return keys, token, nil
}

func loadKeysDoc(ctx context.Context, docs graph.DocStore) (*keysDoc, error) {
	doc := &keysDoc{}
	d, err := docs.GetDoc(ctx, graph.CollMeta, KeysDocID)
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return doc, nil
	} else if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(d.Body, doc); err != nil {
		return nil, graph.Internal(fmt.Errorf("keys document: %w", err))
	}
	return doc, nil
}

func storeKeysDoc(ctx context.Context, docs graph.DocStore, doc *keysDoc) error {
	b, err := json.Marshal(doc)
	if err != nil {
		return graph.Internal(err)
	}
	return docs.PutDocs(ctx, graph.CollMeta, []graph.Doc{{ID: KeysDocID, Body: b}})
}

// TokenPrefix starts every generated token, so that a leaked one is easy
// to recognise and scan for.
const TokenPrefix = "tdk_"

func newKey(name string, role Role) (token string, sk storedKey, err error) {
	var secret [32]byte
	var id [6]byte
	if _, err := rand.Read(secret[:]); err != nil {
		return "", sk, graph.Internal(err)
	}
	if _, err := rand.Read(id[:]); err != nil {
		return "", sk, graph.Internal(err)
	}
	token = TokenPrefix + base64.RawURLEncoding.EncodeToString(secret[:])
	h := sha256.Sum256([]byte(token))
	sk = storedKey{Key: Key{ID: "k_" + hex.EncodeToString(id[:]), Name: name, Role: role, Created: time.Now().UTC().Truncate(time.Second)},
		SHA256: hex.EncodeToString(h[:])}
	return token, sk, nil
}

// Authenticate returns the active key whose token is token. The SHA-256
// of token is compared with every key's hash in constant time.
func (k *Keys) Authenticate(token string) (Key, bool) {
	h := sha256.Sum256([]byte(token))
	k.mu.RLock()
	defer k.mu.RUnlock()
	found := -1
	for i, kh := range k.hashes {
		if kh == nil {
			continue
		}
		if subtle.ConstantTimeCompare(h[:], kh) == 1 {
			found = i
		}
	}
	if found < 0 {
		return Key{}, false
	}
	return k.keys[found].Key, true
}

// List returns every key, revoked ones included, without hashes.
func (k *Keys) List() []Key {
	k.mu.RLock()
	defer k.mu.RUnlock()
	out := make([]Key, 0, len(k.keys))
	for _, sk := range k.keys {
		out = append(out, sk.Key)
	}
	return out
}

var keyNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$`)

// Create makes a key and returns its token, which is not kept. Names are
// unique among all keys ever made, so that an audit entry's actor names
// one key.
func (k *Keys) Create(ctx context.Context, name string, role Role) (Key, string, error) {
	if k.docs == nil {
		return Key{}, "", graph.Errorf(graph.ECONFLICT, "the keys are fixed at start and cannot be changed")
	}
	if !keyNameRE.MatchString(name) {
		return Key{}, "", graph.Errorf(graph.EINVALID, "name must be 1 to 64 letters, digits and . _ @ - , starting with a letter or digit")
	}
	if strings.HasPrefix(strings.ToLower(name), "env-") {
		return Key{}, "", graph.Errorf(graph.EINVALID, "names starting with env- are kept for TAKEDOWN_API_KEYS")
	}
	if role < Viewer || role > Admin {
		return Key{}, "", graph.Errorf(graph.EINVALID, "role must be viewer, analyst or admin")
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, o := range k.keys {
		if strings.EqualFold(o.Name, name) {
			return Key{}, "", graph.Errorf(graph.ECONFLICT, "a key named %q exists or existed", name)
		}
	}
	token, sk, err := newKey(name, role)
	if err != nil {
		return Key{}, "", err
	}
	doc, err := loadKeysDoc(ctx, k.docs)
	if err != nil {
		return Key{}, "", err
	}
	doc.Keys = append(doc.Keys, sk)
	if err := storeKeysDoc(ctx, k.docs, doc); err != nil {
		return Key{}, "", err
	}
	k.add(sk)
	return sk.Key, token, nil
}

// Revoke deletes the token of a stored key; the key stays listed as
// revoked. The last active admin key cannot be revoked.
func (k *Keys) Revoke(ctx context.Context, id string) (Key, error) {
	if k.docs == nil {
		return Key{}, graph.Errorf(graph.ECONFLICT, "the keys are fixed at start and cannot be changed")
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	i := slices.IndexFunc(k.keys, func(sk storedKey) bool { return sk.ID == id })
	if i < 0 || !k.keys[i].Revoked.IsZero() {
		return Key{}, graph.Errorf(graph.ENOTFOUND, "no active key %q", id)
	}
	if k.keys[i].Static {
		return Key{}, graph.Errorf(graph.ECONFLICT, "key %q comes from TAKEDOWN_API_KEYS; remove it there", id)
	}
	if k.keys[i].Role == Admin {
		admins := 0
		for j, sk := range k.keys {
			if sk.Role == Admin && k.hashes[j] != nil {
				admins++
			}
		}
		if admins <= 1 {
			return Key{}, graph.Errorf(graph.ECONFLICT, "key %q is the last admin key", id)
		}
	}
	doc, err := loadKeysDoc(ctx, k.docs)
	if err != nil {
		return Key{}, err
	}
	now := time.Now().UTC().Truncate(time.Second)
	for j := range doc.Keys {
		if doc.Keys[j].ID == id {
			doc.Keys[j].Revoked, doc.Keys[j].SHA256 = now, ""
		}
	}
	if err := storeKeysDoc(ctx, k.docs, doc); err != nil {
		return Key{}, err
	}
	k.keys[i].Revoked, k.keys[i].SHA256 = now, ""
	k.hashes[i] = nil
	return k.keys[i].Key, nil
}
