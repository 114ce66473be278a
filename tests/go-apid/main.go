// go-apid: a tiny Talos-API-like server built only on Go's standard library, configured like apid's TLS
// (siderolabs/crypto defaults): Ed25519 CA and certificates, TLS >= 1.2, X25519 only, ALPN h2, client certificates
// required and verified. It answers /machine.MachineService/Version with a hand-framed protobuf reply, so the
// harness's BouncyCastle client is tested against Go's crypto/tls, the stack real apid runs on.
//
// Usage: go-apid <dir>  — writes ca.crt, client.crt/key (O=os:reader), foreign.crt/key (another CA) into <dir>,
// then prints "PORT <n>" and serves on 127.0.0.1:<n> until stdin closes.
package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

type pair struct {
	cert *x509.Certificate
	der  []byte
	key  ed25519.PrivateKey
}

func issue(template *x509.Certificate, parent *pair) *pair {
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	check(err)
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	check(err)
	template.SerialNumber = serial
	template.NotBefore = time.Now().Add(-time.Hour)
	if template.NotAfter.IsZero() {
		template.NotAfter = time.Now().Add(24 * time.Hour)
	}
	issuer, signer := template, key
	if parent != nil {
		issuer, signer = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, template, issuer, pub, signer)
	check(err)
	cert, err := x509.ParseCertificate(der)
	check(err)
	return &pair{cert, der, key}
}

func ca(org string) *pair {
	return issue(&x509.Certificate{
		Subject: pkix.Name{Organization: []string{org}}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, NotAfter: time.Now().Add(87600 * time.Hour),
	}, nil)
}

func client(parent *pair, role string) *pair {
	return issue(&x509.Certificate{
		Subject: pkix.Name{Organization: []string{role}}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, NotAfter: time.Now().Add(8760 * time.Hour),
	}, parent)
}

func write(dir, name string, p *pair, withKey bool) {
	check(os.WriteFile(filepath.Join(dir, name+".crt"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.der}), 0o600))
	if withKey {
		pkcs8, err := x509.MarshalPKCS8PrivateKey(p.key)
		check(err)
		// Talos's label for Ed25519 keys.
		check(os.WriteFile(filepath.Join(dir, name+".key"), pem.EncodeToMemory(&pem.Block{Type: "ED25519 PRIVATE KEY", Bytes: pkcs8}), 0o600))
	}
}

// field appends a length-delimited protobuf field.
func field(number int, payload []byte) []byte {
	out := binary.AppendUvarint(nil, uint64(number<<3|2))
	out = binary.AppendUvarint(out, uint64(len(payload)))
	return append(out, payload...)
}

func version(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/grpc")
	w.Header().Set("Trailer", "Grpc-Status, Grpc-Message")
	io.Copy(io.Discard, r.Body)
	roles := r.TLS.PeerCertificates[0].Subject.Organization
	if len(roles) == 0 || (roles[0] != "os:reader" && roles[0] != "os:admin") {
		w.Header().Set("Grpc-Status", "7")
		w.Header().Set("Grpc-Message", "not authorized")
		return
	}
	nodes := r.Header.Values("node")
	info := append(field(1, []byte("v1.10.3")), field(2, []byte(fmt.Sprintf("node=%v;count=%d", nodes, len(nodes))))...)
	info = append(info, field(5, []byte("linux"))...)
	reply := field(1, field(2, info))
	frame := make([]byte, 5, 5+len(reply))
	binary.BigEndian.PutUint32(frame[1:], uint32(len(reply)))
	w.Write(append(frame, reply...))
	w.Header().Set("Grpc-Status", "0")
}

func main() {
	dir := os.Args[1]
	root, other := ca("talos"), ca("talos")
	server := issue(&x509.Certificate{
		Subject: pkix.Name{CommonName: "go-apid"}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}, root)
	write(dir, "ca", root, false)
	write(dir, "client", client(root, "os:reader"), true)
	write(dir, "foreign", client(other, "os:admin"), true)
	pool := x509.NewCertPool()
	pool.AddCert(root.cert)
	config := &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{server.der}, PrivateKey: server.key}},
		ClientCAs:    pool,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS12,
		// apid allows only the first; net/http's HTTP/2 insists on an AES-128-GCM suite too (grpc-go's server does not).
		CipherSuites:           []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256},
		CurvePreferences:       []tls.CurveID{tls.X25519},
		NextProtos:             []string{"h2"},
		SessionTicketsDisabled: true,
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	mux := http.NewServeMux()
	mux.HandleFunc("/machine.MachineService/Version", version)
	srv := &http.Server{Handler: mux, TLSConfig: config, ErrorLog: log.New(io.Discard, "", 0)}
	fmt.Printf("PORT %d\n", listener.Addr().(*net.TCPAddr).Port)
	go func() { io.Copy(io.Discard, os.Stdin); os.Exit(0) }()
	check(srv.ServeTLS(listener, "", ""))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
