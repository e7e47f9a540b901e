package deploy

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"gocloud.dev/blob"
	_ "gocloud.dev/blob/fileblob"
	_ "gocloud.dev/blob/s3blob"
)

// The S3 tests run against a real S3-compatible server, versitygw
// (github.com/versity/versitygw) with its posix backend, on 127.0.0.1.
// .ci/run installs and starts one and sets DEPLOY_TEST_S3_ENDPOINT,
// DEPLOY_TEST_S3_ACCESS_KEY and DEPLOY_TEST_S3_SECRET_KEY, and VERSITYGW
// to the binary for the tests that kill and restart a server of their
// own. Locally, the tests start versitygw themselves when it is on PATH
// (or at $VERSITYGW), and skip otherwise; with CI=true a missing server
// fails them.

const (
	testAccess = "ratingsite-test"
	testSecret = "ratingsite-test-secret"
)

// gateway is a versitygw process this test started.
type gateway struct {
	bin, root, addr string
	cmd             *exec.Cmd
}

func versitygw(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("VERSITYGW")
	if bin == "" {
		bin, _ = exec.LookPath("versitygw")
	}
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("versitygw is missing: .ci/run installs it (go install github.com/versity/versitygw/cmd/versitygw) and sets VERSITYGW")
		}
		t.Skip("versitygw is not installed (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0): skipping the S3 tests")
	}
	return bin
}

// startGateway starts a versitygw of this test's own, with one bucket.
func startGateway(t *testing.T) *gateway {
	t.Helper()
	g := &gateway{bin: versitygw(t), root: t.TempDir()}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g.addr = l.Addr().String()
	l.Close()
	if err := os.Mkdir(filepath.Join(g.root, "site"), 0o755); err != nil { // a directory is a bucket
		t.Fatal(err)
	}
	g.start(t)
	t.Cleanup(g.kill)
	return g
}

func (g *gateway) start(t *testing.T) {
	t.Helper()
	g.cmd = exec.Command(g.bin, "--port", g.addr, "--quiet", "posix", g.root)
	g.cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY="+testAccess, "ROOT_SECRET_KEY="+testSecret)
	g.cmd.Stdout, g.cmd.Stderr = os.Stderr, os.Stderr
	if err := g.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		c, err := net.DialTimeout("tcp", g.addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if i == 100 {
			t.Fatalf("versitygw does not answer on %s: %v", g.addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill kills the server at once (SIGKILL), as a crash or a lost network would.
func (g *gateway) kill() {
	if g.cmd != nil && g.cmd.Process != nil {
		g.cmd.Process.Kill()
		g.cmd.Wait()
		g.cmd = nil
	}
}

func (g *gateway) url() string { return s3URL("http://"+g.addr, "site") }

func s3URL(endpoint, bucket string) string {
	return "s3://" + bucket + "?endpoint=" + url.QueryEscape(endpoint) + "&use_path_style=true&region=us-east-1"
}

// target is one kind of store the suite runs against.
type target struct {
	name string
	// open returns the URL of a new, empty bucket.
	open func(t *testing.T) string
}

var bucketSeq int

func targets() []target {
	return []target{
		{"file", func(t *testing.T) string {
			return "file://" + filepath.ToSlash(t.TempDir())
		}},
		{"s3", func(t *testing.T) string {
			if ep := os.Getenv("DEPLOY_TEST_S3_ENDPOINT"); ep != "" {
				// The server .ci/run started: a new bucket for each test.
				t.Setenv("AWS_ACCESS_KEY_ID", os.Getenv("DEPLOY_TEST_S3_ACCESS_KEY"))
				t.Setenv("AWS_SECRET_ACCESS_KEY", os.Getenv("DEPLOY_TEST_S3_SECRET_KEY"))
				bucketSeq++
				name := fmt.Sprintf("t%d-%d", time.Now().UnixNano()%1e9, bucketSeq)
				cl := s3.New(s3.Options{
					Region:       "us-east-1",
					BaseEndpoint: aws.String(ep),
					UsePathStyle: true,
					Credentials:  credentials.NewStaticCredentialsProvider(os.Getenv("DEPLOY_TEST_S3_ACCESS_KEY"), os.Getenv("DEPLOY_TEST_S3_SECRET_KEY"), ""),
				})
				if _, err := cl.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
					t.Fatalf("creating bucket %s on %s: %v", name, ep, err)
				}
				return s3URL(ep, name)
			}
			t.Setenv("AWS_ACCESS_KEY_ID", testAccess)
			t.Setenv("AWS_SECRET_ACCESS_KEY", testSecret)
			return startGateway(t).url()
		}},
	}
}

func openBucket(t *testing.T, u string) *blob.Bucket {
	t.Helper()
	b, err := blob.OpenBucket(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func TestMain(m *testing.M) {
	// No test may reach a real cloud account by accident.
	for _, k := range []string{"AWS_PROFILE", "AWS_SESSION_TOKEN"} {
		os.Unsetenv(k)
	}
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	os.Exit(m.Run())
}

var _ = strings.TrimSpace
