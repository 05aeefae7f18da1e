// etcd-go-driver: one workload of etcd-grpc-bench, driven with etcd's own Go client (clientv3, the client
// kube-apiserver uses) against one server over TLS with a client certificate. etcd-grpc-bench runs it once per
// stage and server, and reads the figures it prints, one JSON object a line, then its CPU time for the timed
// calls.
//
// Built offline in GOPATH mode from Debian's golang-go and golang-etcd-server-dev: scripts/build-etcd-go-driver.sh.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"sort"
	"sync"
	"syscall"
	"time"

	"go.etcd.io/etcd/clientv3"
	"go.etcd.io/etcd/pkg/transport"
)

type figure struct {
	Name  string  `json:"name"`
	Kind  string  `json:"kind"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

type cpu struct {
	CPUSeconds float64 `json:"cpuSeconds"`
	Calls      int     `json:"calls"`
}

var (
	endpoint = flag.String("endpoint", "", "https://127.0.0.1:PORT")
	pki      = flag.String("pki", "", "directory with ca.crt, server.crt and server.key")
	stage    = flag.String("stage", "", "puts, gets, ranges or watch")
	clients  = flag.Int("clients", 1, "connections, each with its own calls")
	count    = flag.Int("count", 1000, "calls in all (puts, gets, watch samples)")
	keys     = flag.Int("keys", 3000, "gets: the sequential puts' keys to read; ranges: keys to load")
	reps     = flag.Int("reps", 10, "ranges: repetitions of each range")
)

var value = make([]byte, 1024)

func main() {
	flag.Parse()
	for i := range value {
		value[i] = 'x'
	}
	var err error
	switch *stage {
	case "puts":
		err = puts()
	case "gets":
		err = gets()
	case "ranges":
		err = ranges()
	case "watch":
		err = watch()
	default:
		err = fmt.Errorf("unknown stage %q", *stage)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "etcd-go-driver:", err)
		os.Exit(1)
	}
}

// connect opens n clients, each on its own gRPC connection.
func connect(n int) ([]*clientv3.Client, error) {
	tlsInfo := transport.TLSInfo{
		CertFile: *pki + "/server.crt", KeyFile: *pki + "/server.key", TrustedCAFile: *pki + "/ca.crt",
	}
	tlsConfig, err := tlsInfo.ClientConfig()
	if err != nil {
		return nil, err
	}
	var result []*clientv3.Client
	for i := 0; i < n; i++ {
		client, err := clientv3.New(clientv3.Config{
			Endpoints: []string{*endpoint}, TLS: tlsConfig, DialTimeout: 10 * time.Second,
			MaxCallRecvMsgSize: 256 << 20,
		})
		if err != nil {
			return nil, err
		}
		result = append(result, client)
	}
	return result, nil
}

func closeAll(all []*clientv3.Client) {
	for _, c := range all {
		c.Close()
	}
}

func cpuSeconds() float64 {
	var usage syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &usage)
	return float64(usage.Utime.Nano()+usage.Stime.Nano()) / 1e9
}

func emit(v interface{}) {
	line, _ := json.Marshal(v)
	fmt.Println(string(line))
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func percentile(samples []float64, fraction float64) float64 {
	if len(samples) == 0 {
		return 0
	}
	sorted := append([]float64(nil), samples...)
	sort.Float64s(sorted)
	index := int(fraction*float64(len(sorted))+0.999999) - 1
	if index < 0 {
		index = 0
	}
	return sorted[index]
}

func median(samples []float64) float64 {
	sorted := append([]float64(nil), samples...)
	sort.Float64s(sorted)
	n := len(sorted)
	if n == 0 {
		return 0
	}
	if n%2 == 0 {
		return (sorted[n/2-1] + sorted[n/2]) / 2
	}
	return sorted[n/2]
}

// timed runs per(client, index) on every client, count/clients calls each, all clients at once, and returns
// every call's latency in ms and the whole run's seconds and client CPU seconds.
func timed(all []*clientv3.Client, per func(c *clientv3.Client, client, index int) error) ([]float64, float64, float64, error) {
	each := *count / len(all)
	if each < 1 {
		each = 1
	}
	var mutex sync.Mutex
	var latencies []float64
	var firstErr error
	var group sync.WaitGroup
	cpuBefore := cpuSeconds()
	start := time.Now()
	for i, c := range all {
		group.Add(1)
		go func(i int, c *clientv3.Client) {
			defer group.Done()
			mine := make([]float64, 0, each)
			for index := 0; index < each; index++ {
				begin := time.Now()
				if err := per(c, i, index); err != nil {
					mutex.Lock()
					firstErr = err
					mutex.Unlock()
					return
				}
				mine = append(mine, ms(time.Since(begin)))
			}
			mutex.Lock()
			latencies = append(latencies, mine...)
			mutex.Unlock()
		}(i, c)
	}
	group.Wait()
	elapsed := time.Since(start).Seconds()
	return latencies, elapsed, cpuSeconds() - cpuBefore, firstErr
}

// puts: durable puts of 1 KiB values; one client writes the keys the point gets read.
func puts() error {
	all, err := connect(*clients)
	if err != nil {
		return err
	}
	defer closeAll(all)
	for _, c := range all {
		if _, err := c.Put(context.Background(), "/registry/warmup", string(value)); err != nil {
			return err
		}
	}
	latencies, elapsed, clientCPU, err := timed(all, func(c *clientv3.Client, client, index int) error {
		key := fmt.Sprintf("/registry/pods/default/pod-%d", index)
		if *clients > 1 {
			key = fmt.Sprintf("/registry/pods/conc%d/c%d-%d", *clients, client, index)
		}
		_, err := c.Put(context.Background(), key, string(value))
		return err
	})
	if err != nil {
		return err
	}
	if *clients == 1 {
		emit(figure{"sequential puts", "throughput", float64(len(latencies)) / elapsed, "puts/s"})
		emit(figure{"sequential put p50", "latency", median(latencies), "ms"})
		emit(figure{"sequential put p99", "latency", percentile(latencies, 0.99), "ms"})
	} else {
		emit(figure{fmt.Sprintf("puts, %d clients", *clients), "throughput", float64(len(latencies)) / elapsed, "puts/s"})
		emit(figure{fmt.Sprintf("put p50, %d clients", *clients), "latency", median(latencies), "ms"})
	}
	emit(cpu{clientCPU, len(latencies)})
	return nil
}

// gets: point gets of random keys among those the sequential puts wrote.
func gets() error {
	all, err := connect(*clients)
	if err != nil {
		return err
	}
	defer closeAll(all)
	random := rand.New(rand.NewSource(42))
	var randomMutex sync.Mutex
	latencies, elapsed, clientCPU, err := timed(all, func(c *clientv3.Client, client, index int) error {
		randomMutex.Lock()
		key := fmt.Sprintf("/registry/pods/default/pod-%d", random.Intn(*keys))
		randomMutex.Unlock()
		response, err := c.Get(context.Background(), key)
		if err == nil && len(response.Kvs) != 1 {
			err = fmt.Errorf("a point get of %s found %d keys", key, len(response.Kvs))
		}
		return err
	})
	if err != nil {
		return err
	}
	suffix := ""
	if *clients > 1 {
		suffix = fmt.Sprintf(", %d clients", *clients)
	}
	emit(figure{"point gets" + suffix, "throughput", float64(len(latencies)) / elapsed, "gets/s"})
	emit(figure{"point get p50" + suffix, "latency", median(latencies), "ms"})
	emit(cpu{clientCPU, len(latencies)})
	return nil
}

// ranges: loads keys in transactions of 100 puts (untimed), then times prefix ranges over all of them.
func ranges() error {
	all, err := connect(1)
	if err != nil {
		return err
	}
	defer closeAll(all)
	c := all[0]
	for batch := 0; batch < *keys; batch += 100 {
		var ops []clientv3.Op
		for index := batch; index < batch+100 && index < *keys; index++ {
			ops = append(ops, clientv3.OpPut(fmt.Sprintf("/registry/pods/range/pod-%05d", index), string(value)))
		}
		if _, err := c.Txn(context.Background()).Then(ops...).Commit(); err != nil {
			return err
		}
	}
	for _, keysOnly := range []bool{true, false} {
		options := []clientv3.OpOption{clientv3.WithRange("/registry/pods/range0")}
		name := "full"
		if keysOnly {
			options = append(options, clientv3.WithKeysOnly())
			name = "keys-only"
		}
		var latencies []float64
		for i := 0; i < *reps; i++ {
			begin := time.Now()
			response, err := c.Get(context.Background(), "/registry/pods/range/", options...)
			if err != nil {
				return err
			}
			latencies = append(latencies, ms(time.Since(begin)))
			if len(response.Kvs) != *keys {
				return fmt.Errorf("range found %d keys, not %d", len(response.Kvs), *keys)
			}
		}
		emit(figure{fmt.Sprintf("range %d keys %s p50", *keys, name), "latency", median(latencies), "ms"})
	}
	return nil
}

// watch: put issued → event received on a watch stream of another connection, back to back.
func watch() error {
	all, err := connect(2)
	if err != nil {
		return err
	}
	defer closeAll(all)
	ctx, cancel := context.WithCancel(clientv3.WithRequireLeader(context.Background()))
	defer cancel()
	events := all[1].Watch(ctx, "/registry/watch/key", clientv3.WithCreatedNotify())
	if created := <-events; !created.Created {
		return fmt.Errorf("the watch was not created")
	}
	var latencies []float64
	cpuBefore := cpuSeconds()
	for index := 0; index < *count; index++ {
		begin := time.Now()
		if _, err := all[0].Put(context.Background(), "/registry/watch/key", fmt.Sprint(index)); err != nil {
			return err
		}
		response, ok := <-events
		if !ok || len(response.Events) == 0 {
			return fmt.Errorf("the watch ended: %v", response.Err())
		}
		latencies = append(latencies, ms(time.Since(begin)))
	}
	emit(figure{"watch put→event p50", "latency", median(latencies), "ms"})
	emit(figure{"watch put→event p99", "latency", percentile(latencies, 0.99), "ms"})
	emit(cpu{cpuSeconds() - cpuBefore, len(latencies)})
	return nil
}
