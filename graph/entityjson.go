package graph

import (
	"encoding/json"
	"strconv"
	"time"
)

// AppendJSON appends p as JSON, byte for byte what encoding/json gives
// for it (and failing where it fails: a time outside years 0–9999, a prop
// that is not finite), without reflection: a search page is read often.
func (p *AccountPage) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"items":`...)
	if p.Items == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range p.Items {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = p.Items[i].appendJSON(b); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	if p.Next != "" {
		b = append(b, `,"next":`...)
		b = appendJSONString(b, p.Next)
	}
	return append(b, '}'), nil
}

func (e *Entity) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, e.ID)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, string(e.Kind))
	b = appendOptString(b, `,"platform":`, e.Platform)
	b = appendOptString(b, `,"handle":`, e.Handle)
	b = appendOptString(b, `,"name":`, e.Name)
	b = appendOptString(b, `,"url":`, e.URL)
	b = appendOptString(b, `,"bio":`, e.Bio)
	b = appendOptString(b, `,"text":`, e.Text)
	b = appendOptString(b, `,"author":`, e.Author)
	b = appendOptString(b, `,"page":`, e.Page)
	if e.Followers != 0 {
		b = append(b, `,"followers":`...)
		b = strconv.AppendInt(b, e.Followers, 10)
	}
	if e.Members != 0 {
		b = append(b, `,"members":`...)
		b = strconv.AppendInt(b, e.Members, 10)
	}
	var err error
	if b, err = appendOptTime(b, `,"created_at":`, e.CreatedAt); err != nil {
		return nil, err
	}
	if b, err = appendOptTime(b, `,"posted_at":`, e.PostedAt); err != nil {
		return nil, err
	}
	b = append(b, `,"status":`...)
	b = appendJSONString(b, string(e.Status))
	b = appendOptStrings(b, `,"media":`, e.Media)
	if len(e.Props) > 0 {
		props, err := json.Marshal(e.Props) // sorted keys, any scalar: encoding/json's own
		if err != nil {
			return nil, err
		}
		b = append(b, `,"props":`...)
		b = append(b, props...)
	}
	if e.Placeholder {
		b = append(b, `,"placeholder":true`...)
	}
	b = appendOptStrings(b, `,"sources":`, e.Sources)
	if b, err = appendOptTime(b, `,"first_seen":`, e.FirstSeen); err != nil {
		return nil, err
	}
	if b, err = appendOptTime(b, `,"last_seen":`, e.LastSeen); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

func appendOptString(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONString(append(b, key...), s)
}

func appendOptStrings(b []byte, key string, ss []string) []byte {
	if len(ss) == 0 {
		return b
	}
	return appendJSONList(append(b, key...), ss, func(s *string, b []byte) []byte { return appendJSONString(b, *s) })
}

// appendOptTime writes a time as time.Time's MarshalJSON does (RFC 3339
// with nanoseconds, quoted), leaving out the zero time (omitzero).
func appendOptTime(b []byte, key string, t time.Time) ([]byte, error) {
	if t.IsZero() {
		return b, nil
	}
	b = append(b, key...)
	b = append(b, '"')
	b, err := t.AppendText(b)
	if err != nil {
		return nil, err
	}
	return append(b, '"'), nil
}
