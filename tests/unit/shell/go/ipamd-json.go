// Reads JSON documents, one a line, and writes each back as Go's encoding/json marshals it after decoding it into
// the types ipamd's introspection handlers marshal (VPC CNI v1.12.6: datastore.ENIInfos for /v1/enis, a string for
// /v1/eni-configs, map[string]interface{} for the env settings). A line that comes back different is not what
// ipamd would have written. Used by ipamd-introspection.test.ts when a Go toolchain is installed.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strings"
	"time"
)

// The shapes of pkg/ipamd/datastore/data_store.go's exported fields, with their JSON tags.
type IPAMKey struct {
	NetworkName string `json:"networkName"`
	ContainerID string `json:"containerID"`
	IfName      string `json:"ifName"`
}

type IPAMMetadata struct {
	K8SPodNamespace string `json:"k8sPodNamespace,omitempty"`
	K8SPodName      string `json:"k8sPodName,omitempty"`
}

type AddressInfo struct {
	Address        string
	IPAMKey        IPAMKey
	IPAMMetadata   IPAMMetadata
	AssignedTime   time.Time
	UnassignedTime time.Time
}

type CidrInfo struct {
	Cidr          net.IPNet
	IPAddresses   map[string]*AddressInfo
	IsPrefix      bool
	AddressFamily string
}

type ENI struct {
	ID                 string
	createTime         time.Time
	IsPrimary          bool
	IsTrunk            bool
	IsEFA              bool
	DeviceNumber       int
	AvailableIPv4Cidrs map[string]*CidrInfo
	IPv6Cidrs          map[string]*CidrInfo
}

type ENIInfos struct {
	TotalIPs    int
	AssignedIPs int
	ENIs        map[string]ENI
}

type rootResponse struct {
	AvailableCommands []string
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	for in.Scan() {
		line := in.Text()
		kind, doc, _ := strings.Cut(line, " ")
		var v interface{}
		switch kind {
		case "enis":
			v = &ENIInfos{}
		case "root":
			v = &rootResponse{}
		case "string":
			var s string
			v = &s
		default:
			v = &map[string]interface{}{}
		}
		dec := json.NewDecoder(strings.NewReader(doc))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			fmt.Println("error:", err)
			continue
		}
		out, err := json.Marshal(v)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(string(out))
	}
}
